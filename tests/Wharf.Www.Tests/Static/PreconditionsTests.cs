using Microsoft.Extensions.Primitives;
using Wharf.Www.Static;

namespace Wharf.Www.Tests.Static;

public sealed class PreconditionsTests
{
    private const string ETag = "\"abc-10\"";
    private static readonly DateTimeOffset Modified = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private const string ModifiedText = "Sun, 06 Dec 2026 12:00:00 GMT";
    private const string Earlier = "Sun, 06 Dec 2026 11:59:59 GMT";
    private const string Later = "Sun, 06 Dec 2026 12:00:01 GMT";

    private static Precondition Evaluate(string? ifMatch = null, string? ifUnmodifiedSince = null, string? ifNoneMatch = null, string? ifModifiedSince = null) =>
        Preconditions.Evaluate(Values(ifMatch), Values(ifUnmodifiedSince), Values(ifNoneMatch), Values(ifModifiedSince), ETag, Modified);

    private static StringValues Values(string? value) => value is null ? StringValues.Empty : new StringValues(value);

    [Fact]
    public void No_condition_proceeds() => Assert.Equal(Precondition.Proceed, Evaluate());

    [Theory]
    [InlineData(ETag, nameof(Precondition.NotModified))]
    [InlineData("W/" + ETag, nameof(Precondition.NotModified))] // If-None-Match compares weakly
    [InlineData("\"other\", " + ETag, nameof(Precondition.NotModified))]
    [InlineData("*", nameof(Precondition.NotModified))]
    [InlineData("\"other\"", nameof(Precondition.Proceed))]
    [InlineData("\"abc-10", nameof(Precondition.Proceed))] // malformed
    public void If_None_Match(string header, string expected) => Assert.Equal(Enum.Parse<Precondition>(expected), Evaluate(ifNoneMatch: header));

    [Theory]
    [InlineData(ModifiedText, nameof(Precondition.NotModified))]
    [InlineData(Later, nameof(Precondition.NotModified))]
    [InlineData(Earlier, nameof(Precondition.Proceed))]
    [InlineData("not a date", nameof(Precondition.Proceed))]
    [InlineData("Sunday, 06-Dec-26 12:00:00 GMT", nameof(Precondition.NotModified))] // RFC 850 form
    public void If_Modified_Since(string header, string expected) => Assert.Equal(Enum.Parse<Precondition>(expected), Evaluate(ifModifiedSince: header));

    [Fact]
    public void If_None_Match_takes_precedence_over_If_Modified_Since() =>
        Assert.Equal(Precondition.Proceed, Evaluate(ifNoneMatch: "\"other\"", ifModifiedSince: Later));

    [Theory]
    [InlineData(ETag, nameof(Precondition.Proceed))]
    [InlineData("*", nameof(Precondition.Proceed))]
    [InlineData("W/" + ETag, nameof(Precondition.Failed))] // If-Match compares strongly
    [InlineData("\"other\"", nameof(Precondition.Failed))]
    public void If_Match(string header, string expected) => Assert.Equal(Enum.Parse<Precondition>(expected), Evaluate(ifMatch: header));

    [Theory]
    [InlineData(ModifiedText, nameof(Precondition.Proceed))]
    [InlineData(Later, nameof(Precondition.Proceed))]
    [InlineData(Earlier, nameof(Precondition.Failed))]
    [InlineData("garbage", nameof(Precondition.Proceed))]
    public void If_Unmodified_Since(string header, string expected) => Assert.Equal(Enum.Parse<Precondition>(expected), Evaluate(ifUnmodifiedSince: header));

    [Fact]
    public void If_Match_takes_precedence_over_If_Unmodified_Since() =>
        Assert.Equal(Precondition.Proceed, Evaluate(ifMatch: ETag, ifUnmodifiedSince: Earlier));

    [Fact]
    public void A_failed_If_Match_is_412_even_when_If_None_Match_would_say_304() =>
        Assert.Equal(Precondition.Failed, Evaluate(ifMatch: "\"other\"", ifNoneMatch: ETag));

    [Theory]
    [InlineData(null, true)]
    [InlineData(ETag, true)]
    [InlineData("W/" + ETag, false)] // If-Range needs a strong validator
    [InlineData("\"other\"", false)]
    [InlineData(ModifiedText, true)]
    [InlineData(Later, false)] // only the exact date
    [InlineData(Earlier, false)]
    public void If_Range(string? header, bool applies) =>
        Assert.Equal(applies, Preconditions.RangeApplies(Values(header), ETag, Modified));
}
