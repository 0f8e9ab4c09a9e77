using System.Text.Json;
using Wharf.Config.Json;

namespace Wharf.Config.Tests;

public sealed class DurationConverterTests
{
    [Theory]
    [InlineData("\"1.05:00:00\"", 29 * 3600)]
    [InlineData("\"00:00:05\"", 5)]
    [InlineData("\"1:00:00\"", 3600)]
    [InlineData("\"00:00:00\"", 0)]
    [InlineData("30", 30)]
    [InlineData("0", 0)]
    public void Reads_timespan_strings_as_applicationHost_config_writes_them_and_whole_seconds(string json, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), Read(json));
    }

    [Fact]
    public void Reads_fractions_of_a_second_in_a_timespan_string()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(1500), Read("\"00:00:01.5\""));
    }

    [Theory]
    [InlineData(5, "\"00:00:05\"")]
    [InlineData(29 * 3600, "\"1.05:00:00\"")]
    [InlineData(0, "\"00:00:00\"")]
    public void Writes_the_constant_timespan_format(int seconds, string json)
    {
        Assert.Equal(json, JsonSerializer.Serialize(TimeSpan.FromSeconds(seconds), ConfigJsonContext.Default.TimeSpan));
    }

    [Theory]
    [InlineData("\"-00:00:05\"", "\"-00:00:05\" is negative; a duration is zero or more")]
    [InlineData("-5", "-5 is negative; a duration is zero or more")]
    public void Negative_durations_are_an_error(string json, string message)
    {
        Assert.Equal(message, ReadError(json));
    }

    [Theory]
    [InlineData("\"5\"")] // TimeSpan.Parse would read five days
    [InlineData("\"1.00:00\"")] // and this one day
    [InlineData("\"abc\"")]
    [InlineData("\"00:60:00\"")]
    [InlineData("\" 00:00:05\"")]
    [InlineData("\"\"")]
    public void Text_that_is_not_the_timespan_format_is_an_error_naming_it(string json)
    {
        var message = ReadError(json);

        Assert.StartsWith($"{json} is not a duration; ", message);
        Assert.Contains("whole number of seconds", message);
    }

    [Fact]
    public void Fractional_seconds_as_a_number_are_an_error()
    {
        Assert.StartsWith("1.5 is not a whole number of seconds", ReadError("1.5"));
    }

    [Fact]
    public void Seconds_beyond_what_a_timespan_holds_are_an_error()
    {
        Assert.Equal("99999999999999999999 seconds is longer than any duration Wharf can keep", ReadError("99999999999999999999"));
        Assert.Equal("9223372036854775807 seconds is longer than any duration Wharf can keep", ReadError("9223372036854775807"));
    }

    [Fact]
    public void True_is_not_a_duration()
    {
        Assert.StartsWith("true is not a duration", ReadError("true"));
    }

    private static TimeSpan Read(string json) => JsonSerializer.Deserialize(json, ConfigJsonContext.Default.TimeSpan);

    private static string ReadError(string json) =>
        Assert.Throws<JsonException>(() => Read(json)).Message;
}
