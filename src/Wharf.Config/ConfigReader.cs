using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Config.Json;
using Wharf.Config.Model;

namespace Wharf.Config;

/// <summary>Reads <c>wharf.json</c> strictly (unknown fields are errors, with their path) and validates it.</summary>
/// <remarks>
/// Never throws for bad input: every problem comes back as a <see cref="ConfigError"/>. Decoding
/// reports every shape problem at once (unknown fields, wrong types, missing fields); only when the
/// shape is right does <see cref="ConfigValidator"/> look at the values.
/// </remarks>
public static class ConfigReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static ConfigLoadResult Load(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
            return ConfigLoadResult.Invalid(JsonPointer.Root, "no configuration file was named");
        byte[] bytes;
        try
        {
            if (Directory.Exists(path))
                return ConfigLoadResult.Invalid(JsonPointer.Root, $"cannot read the configuration file {path}: it is a folder");
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return ConfigLoadResult.Invalid(JsonPointer.Root, $"the configuration file {path} does not exist");
        }
        catch (UnauthorizedAccessException)
        {
            return ConfigLoadResult.Invalid(JsonPointer.Root, $"cannot read the configuration file {path}: permission denied");
        }
        catch (Exception e) when (e is IOException or ArgumentException or NotSupportedException)
        {
            return ConfigLoadResult.Invalid(JsonPointer.Root, $"cannot read the configuration file {path}: {e.Message}");
        }
        return Parse(bytes);
    }

    public static ConfigLoadResult Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(Encoding.UTF8.GetBytes(json));
    }

    internal static ConfigLoadResult Parse(ReadOnlyMemory<byte> utf8)
    {
        // Editors on some systems start a UTF-8 file with a byte order mark; the reader does not skip it.
        if (utf8.Span.StartsWith("\uFEFF"u8)) utf8 = utf8[3..];
        if (utf8.Span.Trim(" \t\r\n"u8).IsEmpty)
            return ConfigLoadResult.Invalid(JsonPointer.Root, "the configuration is empty; it must be a JSON object");

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, DocumentOptions);
        }
        catch (JsonException e)
        {
            return ConfigLoadResult.Invalid(JsonPointer.FromJsonPath(e.Path), SyntaxMessage(e));
        }

        using (document)
        {
            var contract = ConfigJsonContext.Default.WharfConfig;
            var shapeErrors = ShapeChecker.Check(document.RootElement, contract);
            if (shapeErrors.Count > 0) return ConfigLoadResult.Invalid(shapeErrors);

            WharfConfig? config;
            try
            {
                var filled = JsonNode.Parse(document.RootElement.GetRawText(), documentOptions: DocumentOptions);
                RecordDefaults.Fill(filled, contract);
                config = filled.Deserialize(contract);
            }
            catch (JsonException e)
            {
                // The shape check should have caught this; report it as well as System.Text.Json can.
                return ConfigLoadResult.Invalid(JsonPointer.FromJsonPath(e.Path), WithoutLocation(e.Message));
            }
            if (config is null)
                return ConfigLoadResult.Invalid(JsonPointer.Root, "null is not a configuration; it must be a JSON object");

            var errors = ConfigValidator.Validate(config);
            return errors.Count == 0 ? ConfigLoadResult.Valid(config) : ConfigLoadResult.Invalid(errors);
        }
    }

    private static string SyntaxMessage(JsonException e)
    {
        var where = e.LineNumber is { } line
            ? $" at line {line + 1}, column {(e.BytePositionInLine ?? 0) + 1}"
            : "";
        return $"not valid JSON{where}: {WithoutLocation(e.Message)}";
    }

    /// <summary>System.Text.Json appends "Path: ... | LineNumber: ..."; the error carries those itself.</summary>
    private static string WithoutLocation(string message)
    {
        foreach (var marker in new[] { " Path: ", " LineNumber: " })
        {
            var at = message.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0) message = message[..at];
        }
        return message.TrimEnd();
    }
}
