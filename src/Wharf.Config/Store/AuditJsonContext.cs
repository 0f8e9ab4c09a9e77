using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wharf.Config.Store;

/// <summary>Source-generated JSON for audit lines: one line each, every field written (null included) so lines line up.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    WriteIndented = false)]
[JsonSerializable(typeof(AuditEntry))]
internal sealed partial class AuditJsonContext : JsonSerializerContext
{
    /// <summary>User names and paths stay readable (the default encoder escapes non-ASCII); control characters are still escaped, so a line stays one line.</summary>
    internal static AuditJsonContext Lines => s_lines ??= new(new JsonSerializerOptions(Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    // Lazy: static initializers in two parts of a partial class run in no promised order.
    private static AuditJsonContext? s_lines;
}

/// <summary>UTC to the millisecond with a Z (<c>2026-11-30T02:31:07.512Z</c>), as the admin API documents the audit time.</summary>
internal sealed class AuditTimeConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
}
