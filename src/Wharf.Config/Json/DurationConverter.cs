using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Wharf.Config.Json;

/// <summary>
/// A duration is written as applicationHost.config writes a TimeSpan, <c>[d.]hh:mm:ss[.fffffff]</c>
/// ("1.05:00:00" is IIS's 29 hours), or as a JSON number of whole seconds. It is always written
/// back in the first form. Negative durations are refused.
/// </summary>
internal sealed partial class DurationConverter : JsonConverter<TimeSpan>
{
    /// <summary>
    /// TimeSpan's own "c" parser is lenient ("5" is five days, "1.00:00" one day): the text must
    /// match this first. The JSON Schema publishes the same pattern, so editors and Wharf agree.
    /// </summary>
    public const string Pattern = @"^-?([0-9]+\.)?[0-9]{1,2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,7})?$";

    public const string Explanation =
        "write a TimeSpan such as \"00:00:05\" or \"1.05:00:00\" ([d.]hh:mm:ss), or a whole number of seconds";

    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        TimeSpan value = default;
        var error = reader.TokenType switch
        {
            JsonTokenType.String => TryParse(reader.GetString()!, out value),
            JsonTokenType.Number => FromSeconds(ref reader, out value),
            JsonTokenType.True => $"true is not a duration; {Explanation}",
            JsonTokenType.False => $"false is not a duration; {Explanation}",
            _ => $"this is not a duration; {Explanation}",
        };
        return error is null ? value : throw new JsonException(error);
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Format(value));

    public static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    /// <summary>Null when <paramref name="text"/> is a valid duration; else the reason, naming the text.</summary>
    public static string? TryParse(string text, out TimeSpan value)
    {
        value = default;
        if (!DurationPattern().IsMatch(text)
            || !TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out value))
            return $"\"{text}\" is not a duration; {Explanation}";
        if (value < TimeSpan.Zero)
            return $"\"{text}\" is negative; a duration is zero or more";
        return null;
    }

    private static string? FromSeconds(ref Utf8JsonReader reader, out TimeSpan value)
    {
        value = default;
        var raw = System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
        if (!reader.TryGetInt64(out var seconds))
            return raw.AsSpan().IndexOfAny(".eE") >= 0
                ? $"{raw} is not a whole number of seconds; {Explanation}"
                : $"{raw} seconds is longer than any duration Wharf can keep";
        if (seconds < 0)
            return $"{raw} is negative; a duration is zero or more";
        if (seconds > (long)TimeSpan.MaxValue.TotalSeconds)
            return $"{raw} seconds is longer than any duration Wharf can keep";
        value = TimeSpan.FromSeconds(seconds);
        return null;
    }

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();
}
