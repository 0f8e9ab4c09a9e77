using System.Text;
using Wharf.Www.Pools.Lane;

namespace Wharf.Www.Tests.Pools.Lane;

public sealed class LaneRequestParserTests
{
    private const int MaxHead = 8192 + 32768;

    private static (LaneParse Parse, LaneRequestHead Head, byte[] Bytes) Parse(string text)
    {
        var bytes = Encoding.Latin1.GetBytes(text);
        var head = new LaneRequestHead();
        return (LaneRequestParser.TryParse(bytes, MaxHead, head), head, bytes);
    }

    [Fact]
    public void A_plain_GET_is_carried_with_its_parts_found()
    {
        var (parse, head, bytes) = Parse("GET /app/echo?x=1 HTTP/1.1\r\nHost: shop.example:8080\r\nUser-Agent: curl/8\r\nCookie: a=b\r\nReferer: http://r/\r\n\r\n");
        Assert.Equal(LaneParse.Carried, parse);
        Assert.Equal("GET", Encoding.ASCII.GetString(bytes[head.Method]));
        Assert.Equal("/app/echo?x=1", Encoding.ASCII.GetString(bytes[head.Target]));
        Assert.Equal("/app/echo".Length, head.PathLength);
        Assert.Equal("shop.example:8080", Encoding.ASCII.GetString(bytes[head.Host]));
        Assert.Equal("curl/8", Encoding.ASCII.GetString(bytes[head.UserAgent]));
        Assert.Equal("a=b", Encoding.ASCII.GetString(bytes[head.Cookie]));
        Assert.Equal("http://r/", Encoding.ASCII.GetString(bytes[head.Referer]));
        Assert.Equal(bytes.Length, head.HeadLength);
        Assert.Equal(0, head.ContentLength);
        Assert.False(head.Close);
    }

    [Fact]
    public void A_body_of_known_length_is_waited_for_and_then_carried()
    {
        var request = "POST /app/echo HTTP/1.1\r\nHost: a\r\nContent-Length: 8\r\n\r\norder=43";
        Assert.Equal(LaneParse.Incomplete, Parse(request[..^3]).Parse);
        var (parse, head, bytes) = Parse(request);
        Assert.Equal(LaneParse.Carried, parse);
        Assert.Equal(8, head.ContentLength);
        Assert.Equal(bytes.Length, head.Length);
    }

    [Fact]
    public void A_head_not_yet_ended_is_incomplete_and_one_past_the_limit_is_not_carried()
    {
        Assert.Equal(LaneParse.Incomplete, Parse("GET / HTTP/1.1\r\nHost: a\r\n").Parse);
        Assert.Equal(LaneParse.NotCarried, Parse("GET / HTTP/1.1\r\nX: " + new string('a', MaxHead) + "\r\n").Parse);
    }

    [Fact]
    public void Pipelined_requests_are_read_one_at_a_time()
    {
        var first = "GET /a HTTP/1.1\r\nHost: a\r\n\r\n";
        var (parse, head, _) = Parse(first + "GET /b HTTP/1.1\r\nHost: a\r\n\r\n");
        Assert.Equal(LaneParse.Carried, parse);
        Assert.Equal(first.Length, head.Length);
    }

    [Fact]
    public void Connection_close_is_noted_and_keep_alive_accepted()
    {
        Assert.True(Parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, Close\r\n\r\n").Head.Close);
        Assert.Equal(LaneParse.Carried, Parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive\r\n\r\n").Parse);
    }

    [Theory]
    [InlineData("GET / HTTP/1.0\r\nHost: a\r\n\r\n")] // HTTP/1.0: Kestrel's rules for keep-alive
    [InlineData("GET / HTTP/2.0\r\nHost: a\r\n\r\n")]
    [InlineData("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")] // h2c prior knowledge
    [InlineData("CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n")]
    [InlineData("GET http://a/ HTTP/1.1\r\nHost: a\r\n\r\n")] // absolute-form
    [InlineData("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n")]
    [InlineData("GET /app/%65cho HTTP/1.1\r\nHost: a\r\n\r\n")] // Kestrel decodes it
    [InlineData("GET /app/../etc HTTP/1.1\r\nHost: a\r\n\r\n")] // Kestrel removes dot segments
    [InlineData("GET /app/./echo HTTP/1.1\r\nHost: a\r\n\r\n")]
    [InlineData("GET /app\\echo HTTP/1.1\r\nHost: a\r\n\r\n")]
    [InlineData("GET /app#frag HTTP/1.1\r\nHost: a\r\n\r\n")]
    [InlineData("GET  / HTTP/1.1\r\nHost: a\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\n\r\n")] // no Host
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a/b\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost : a\r\n\r\n")] // whitespace before the colon (RFC 9112 §5.1)
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n 2\r\n\r\n")] // obsolete line folding
    [InlineData("GET / HTTP/1.1\r\nHost: a\nX: 1\r\n\r\n")] // bare LF
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nX: 1\r2\r\n\r\n")] // bare CR
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nX: caf\u00e9\r\n\r\n")] // obs-text
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nX: a\u0001b\r\n\r\n")]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx")]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +1\r\n\r\nx")]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 65537\r\n\r\n")] // larger than the lane buffers
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n")]
    [InlineData("GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nConnection: X-Secret\r\nX-Secret: 1\r\n\r\n")] // a header named hop-by-hop
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n")]
    public void Anything_outside_the_strict_subset_is_left_to_Kestrel(string request) =>
        Assert.Equal(LaneParse.NotCarried, Parse(request).Parse);

    [Fact]
    public void More_headers_than_Kestrel_allows_are_left_to_Kestrel()
    {
        var headers = string.Concat(Enumerable.Range(0, LaneRequestParser.MaxHeaders).Select(i => $"X-{i}: v\r\n"));
        Assert.Equal(LaneParse.NotCarried, Parse("GET / HTTP/1.1\r\nHost: a\r\n" + headers + "\r\n").Parse);
    }
}
