using Microsoft.Extensions.Primitives;
using Wharf.Www.Static;

namespace Wharf.Www.Tests.Static;

public sealed class AcceptEncodingTests
{
    [Theory]
    [InlineData(null, nameof(ContentCoding.Identity))]
    [InlineData("", nameof(ContentCoding.Identity))]
    [InlineData("gzip", nameof(ContentCoding.Gzip))]
    [InlineData("x-gzip", nameof(ContentCoding.Gzip))]
    [InlineData("br", nameof(ContentCoding.Brotli))]
    [InlineData("gzip, deflate, br, zstd", nameof(ContentCoding.Brotli))] // a browser's: Brotli wins the tie
    [InlineData("br;q=0.5, gzip", nameof(ContentCoding.Gzip))]
    [InlineData("br;q=0.5, gzip;q=0.8", nameof(ContentCoding.Gzip))]
    [InlineData("gzip;q=0.2", nameof(ContentCoding.Gzip))] // unlisted identity is the least preferred
    [InlineData("gzip;q=0.5, identity", nameof(ContentCoding.Identity))] // listed identity competes by weight
    [InlineData("gzip, identity;q=0.5", nameof(ContentCoding.Gzip))]
    [InlineData("br;q=0, gzip;q=0", nameof(ContentCoding.Identity))]
    [InlineData("*", nameof(ContentCoding.Brotli))]
    [InlineData("*;q=0.5, br;q=0", nameof(ContentCoding.Gzip))]
    [InlineData("deflate, compress", nameof(ContentCoding.Identity))]
    [InlineData("GZIP;Q=1.000", nameof(ContentCoding.Gzip))]
    [InlineData("gzip;q=2", nameof(ContentCoding.Identity))] // an invalid weight drops the member
    [InlineData("gzip;q=0.1234", nameof(ContentCoding.Identity))]
    [InlineData("identity;q=0, gzip", nameof(ContentCoding.Gzip))]
    [InlineData(" ,, gzip ;  q=0.9 ,", nameof(ContentCoding.Gzip))]
    public void Chooses_the_preferred_coding(string? header, string expected) =>
        Assert.Equal(Enum.Parse<ContentCoding>(expected), AcceptEncoding.Negotiate(header is null ? StringValues.Empty : new StringValues(header)));

    [Fact]
    public void Reads_every_header_line() =>
        Assert.Equal(ContentCoding.Brotli, AcceptEncoding.Negotiate(new StringValues(["gzip;q=0.5", "br"])));

    [Theory]
    [InlineData("q=0.5", 500)]
    [InlineData("q=1", 1000)]
    [InlineData("q=0", 0)]
    [InlineData("q=0.", 0)]
    [InlineData("level=3; q=0.25", 250)]
    [InlineData("", 1000)]
    [InlineData("q=1.5", -1)]
    [InlineData("q=.5", -1)]
    public void Reads_qvalues_in_thousandths(string parameters, int expected) =>
        Assert.Equal(expected, AcceptEncoding.QValue(parameters));
}
