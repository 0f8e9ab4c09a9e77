using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wharf.Cli.Rendering;

/// <summary>JSON as an administrator reads it: indented or on one line, with é and + left as typed.</summary>
internal static class JsonText
{
    // The default encoder escapes every non-ASCII letter and HTML-sensitive characters such as
    // '+' and '<'; this text goes to a terminal or an editor, never into a web page.
    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions OneLine = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The JSON text indented; throws <see cref="JsonException"/> when it is not JSON.</summary>
    public static string Indent(string json) => Rewrite(json, Indented, default);

    /// <summary>
    /// What a configuration file holds (comments and trailing commas allowed, as ConfigReader
    /// allows them) as strict JSON on one line, for the API's body.
    /// </summary>
    public static string Strict(string json) => Rewrite(json, OneLine, Lenient);

    /// <summary>One value on one line; <c>null</c> for JSON null or nothing.</summary>
    public static string OneLineOf(JsonNode? node)
    {
        if (node is null) return "null";
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, OneLine)) node.WriteTo(writer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The text as a JSON string.</summary>
    public static string Quote(string text)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, OneLine)) writer.WriteStringValue(text);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string? String(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    public static long? Long(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue(out long number) ? number : null;

    public static bool? Bool(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue(out bool flag) ? flag : null;

    /// <summary>A string as itself, anything else as one-line JSON: the text of a table cell.</summary>
    public static string Plain(JsonNode? node) => String(node) ?? OneLineOf(node);

    private static string Rewrite(string json, JsonWriterOptions writerOptions, JsonDocumentOptions readOptions)
    {
        using var document = JsonDocument.Parse(json, readOptions);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, writerOptions)) document.RootElement.WriteTo(writer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
