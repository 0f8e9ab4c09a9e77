using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wharf.Config.Store;

/// <summary>One configuration file read from disk: its text, whether it is valid, and (when it is) its snapshot.</summary>
internal sealed record StoreFile(string Path, string? Text, ConfigLoadResult Load, StoreSnapshot? Snapshot)
{
    private const string VersionProperty = "version";

    // As ConfigReader reads: a hand-edited file may carry comments and trailing commas.
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        NewLine = "\n",
        // As ConfigWriter: "Café" and ">>" stay readable in a file nothing embeds in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public bool IsValid => Snapshot is not null;

    public static StoreFile Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // ConfigReader words every way a file can be unreadable; let it say which.
            return new StoreFile(path, null, ConfigReader.Load(path), null);
        }
        return FromText(path, text);
    }

    public static StoreFile FromText(string path, string text)
    {
        var load = ConfigReader.Parse(text);
        if (!load.IsValid) return new StoreFile(path, text, load, null);
        var document = JsonNode.Parse(text, documentOptions: DocumentOptions)!;
        return new StoreFile(path, text, load, new StoreSnapshot(load.Config!.Version, text, document, load.Config));
    }

    /// <summary>The <c>version</c> of a file that may be invalid, when its JSON says; for status reports only.</summary>
    public long? LooseVersion() => Snapshot?.Version ?? (Text is null ? null : VersionIn(Text));

    public static long? VersionIn(string text)
    {
        try
        {
            return JsonNode.Parse(text, documentOptions: DocumentOptions) is JsonObject o
                && o.TryGetPropertyValue(VersionProperty, out var v)
                && v is JsonValue value && value.TryGetValue<long>(out var version)
                ? version
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The document as the store writes it: indented two spaces, "\n", a final newline, and in the
    /// user's own shape (what they left out stays out), unlike <see cref="ConfigWriter.Serialize"/>.
    /// </summary>
    public static string Serialize(JsonNode? document)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            if (document is null) writer.WriteNullValue();
            else document.WriteTo(writer);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    /// <summary>Sets the top-level version where the file has it, else right after <c>$schema</c> (or first), where a reader looks.</summary>
    public static void SetVersion(JsonNode? document, long version)
    {
        if (document is not JsonObject o) return;
        if (o.ContainsKey(VersionProperty))
        {
            o[VersionProperty] = version;
            return;
        }
        o.Insert(o.IndexOf("$schema") + 1, VersionProperty, version);
    }

    /// <summary>Same configuration, whatever the version and the order of properties.</summary>
    public static bool SameIgnoringVersion(JsonNode? a, JsonNode? b) => ConfigDiff.Between(a, b).Count == 0;

    /// <summary>The versions in a history folder, newest first; only names the store writes (wharf.N.json) count.</summary>
    public static IReadOnlyList<(long Version, string Path)> History(string folder)
    {
        string[] files;
        try
        {
            files = Directory.GetFiles(folder, "wharf.*.json");
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
        var found = new List<(long, string)>();
        foreach (var file in files)
        {
            var name = System.IO.Path.GetFileName(file);
            var digits = name["wharf.".Length..^".json".Length];
            // Only the canonical spelling, so "wharf.007.json" cannot shadow "wharf.7.json".
            if (long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
                && version.ToString(CultureInfo.InvariantCulture) == digits)
                found.Add((version, file));
        }
        found.Sort((x, y) => y.Item1.CompareTo(x.Item1));
        return found;
    }
}
