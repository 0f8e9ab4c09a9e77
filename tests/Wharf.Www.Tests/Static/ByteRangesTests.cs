using Wharf.Www.Static;

namespace Wharf.Www.Tests.Static;

public sealed class ByteRangesTests
{
    [Theory]
    [InlineData("bytes=0-99", 0, 100)]
    [InlineData("bytes=100-", 100, 900)]
    [InlineData("bytes=-100", 900, 100)]
    [InlineData("bytes=-5000", 0, 1000)] // a suffix longer than the content is the whole content
    [InlineData("bytes=990-5000", 990, 10)] // a last-pos past the end is clamped
    [InlineData("BYTES=0-0", 0, 1)] // the unit is case-insensitive
    [InlineData("bytes= 5-9 ", 5, 5)]
    public void One_satisfiable_range(string header, long from, long length)
    {
        Assert.Equal(RangeOutcome.Satisfiable, ByteRanges.Parse(header, 1000, out var ranges));
        Assert.Equal([new ByteRange(from, length)], ranges);
    }

    [Fact]
    public void Several_ranges_keep_their_order_and_drop_unsatisfiable_members()
    {
        Assert.Equal(RangeOutcome.Satisfiable, ByteRanges.Parse("bytes=0-1, 5000-6000, ,-2", 10, out var ranges));
        Assert.Equal([new ByteRange(0, 2), new ByteRange(8, 2)], ranges);
    }

    [Theory]
    [InlineData("bytes=1000-")]
    [InlineData("bytes=1000-2000")]
    [InlineData("bytes=-0")]
    [InlineData("bytes=5000-6000, 2000-")]
    public void Nothing_satisfiable_is_416(string header) =>
        Assert.Equal(RangeOutcome.Unsatisfiable, ByteRanges.Parse(header, 1000, out _));

    [Fact]
    public void Any_range_of_an_empty_file_is_416() =>
        Assert.Equal(RangeOutcome.Unsatisfiable, ByteRanges.Parse("bytes=0-", 0, out _));

    [Theory]
    [InlineData("")]
    [InlineData("items=0-1")] // another unit
    [InlineData("bytes=")]
    [InlineData("bytes=abc")]
    [InlineData("bytes=5-1")] // last before first: the field is invalid
    [InlineData("bytes=1-2-3")]
    [InlineData("bytes=--1")]
    [InlineData("bytes=0-1,x")]
    [InlineData("bytes=99999999999999999999-")]
    public void A_malformed_field_is_ignored_and_the_whole_content_sent(string header) =>
        Assert.Equal(RangeOutcome.Ignore, ByteRanges.Parse(header, 1000, out _));

    [Fact]
    public void More_than_the_maximum_number_of_ranges_is_ignored()
    {
        var many = "bytes=" + string.Join(",", Enumerable.Range(0, ByteRanges.MaxRanges + 1).Select(i => $"{i}-{i}"));
        Assert.Equal(RangeOutcome.Ignore, ByteRanges.Parse(many, 1000, out _));
        var allowed = "bytes=" + string.Join(",", Enumerable.Range(0, ByteRanges.MaxRanges).Select(i => $"{i}-{i}"));
        Assert.Equal(RangeOutcome.Satisfiable, ByteRanges.Parse(allowed, 1000, out var ranges));
        Assert.Equal(ByteRanges.MaxRanges, ranges.Length);
    }
}
