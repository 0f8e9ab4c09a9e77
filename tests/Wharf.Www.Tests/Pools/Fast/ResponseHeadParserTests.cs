using System.Text;
using Wharf.Www.Pools.Fast;

namespace Wharf.Www.Tests.Pools.Fast;

public sealed class ResponseHeadParserTests
{
    private static (HeadParse Result, ResponseHead Head, int Consumed) Parse(string text, bool headRequest = false)
    {
        var head = new ResponseHead();
        var result = ResponseHeadParser.TryParse(Encoding.Latin1.GetBytes(text), headRequest, head, out var consumed);
        return (result, head, consumed);
    }

    private static string Refused(string text) =>
        Assert.Throws<WorkerProtocolException>(() => Parse(text)).Message;

    [Fact]
    public void A_length_delimited_answer_keeps_its_end_to_end_headers_in_order_and_drops_hop_by_hop_date_and_server()
    {
        const string text = "HTTP/1.1 201 Created\r\nDate: Mon, 07 Dec 2026 22:00:00 GMT\r\nServer: Kestrel\r\nContent-Type: text/plain\r\n"
            + "Set-Cookie: a=1\r\nKeep-Alive: timeout=5\r\nSet-Cookie: b=2\r\nX-Custom:  spaced value \t\r\nContent-Length: 5\r\n\r\nhello";
        var (result, head, consumed) = Parse(text);

        Assert.Equal(HeadParse.Final, result);
        Assert.Equal(text.Length - 5, consumed);
        Assert.Equal(201, head.Status);
        Assert.Equal(BodyFraming.ContentLength, head.Framing);
        Assert.Equal(5, head.ContentLength);
        Assert.True(head.KeepAlive);
        Assert.Equal(
            [new("Content-Type", "text/plain"), new("Set-Cookie", "a=1"), new("Set-Cookie", "b=2"), new("X-Custom", "spaced value")],
            head.Headers);
    }

    [Fact]
    public void An_incomplete_head_asks_for_more()
    {
        Assert.Equal(HeadParse.Incomplete, Parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n").Result);
        Assert.Equal(HeadParse.Incomplete, Parse("").Result);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", "Chunked", true)]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n", "Chunked", true)]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", "UntilClose", false)]
    [InlineData("HTTP/1.1 200 OK\r\n\r\n", "UntilClose", false)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\n", "ContentLength", false)]
    [InlineData("HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\n", "ContentLength", false)]
    [InlineData("HTTP/1.1 204 No Content\r\n\r\n", "None", true)]
    [InlineData("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n", "None", true)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\n", "ContentLength", true)]
    public void The_framing_and_whether_the_connection_lives_on_follow_RFC_9112(string text, string framing, bool keepAlive)
    {
        var (result, head, _) = Parse(text);
        Assert.Equal(HeadParse.Final, result);
        Assert.Equal(framing, head.Framing.ToString());
        Assert.Equal(keepAlive, head.KeepAlive);
        Assert.DoesNotContain(head.Headers, h => h.Key is "Content-Length" or "Transfer-Encoding" or "Connection");
    }

    [Fact]
    public void An_answer_to_HEAD_has_no_body_but_tells_the_length_a_GET_would_get()
    {
        var (_, head, _) = Parse("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n", headRequest: true);
        Assert.Equal(BodyFraming.None, head.Framing);
        Assert.Equal(1234, head.ContentLength);
        Assert.True(head.KeepAlive);
    }

    [Fact]
    public void Headers_the_Connection_header_names_are_hop_by_hop_and_dropped()
    {
        var (_, head, _) = Parse("HTTP/1.1 200 OK\r\nConnection: keep-alive, X-Hop\r\nX-Hop: 1\r\nX-End: 2\r\nContent-Length: 0\r\n\r\n");
        Assert.Equal([new("X-End", "2")], head.Headers);
        Assert.True(head.KeepAlive);
    }

    [Fact]
    public void An_interim_answer_is_reported_so_the_final_one_can_be_read_after_it()
    {
        const string interim = "HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n";
        var (result, _, consumed) = Parse(interim + "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        Assert.Equal(HeadParse.Interim, result);
        Assert.Equal(interim.Length, consumed);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\nContent-Length: 0\r\n\r\n", "bare LF")]
    [InlineData("HTTP/1.1 200 OK\r\nX-A: 1\rX-B: 2\r\nContent-Length: 0\r\n\r\n", "bare CR")]
    [InlineData("HTTP/1.1 200 OK\r\nX-A: 1\r\n folded\r\nContent-Length: 0\r\n\r\n", "folding")]
    [InlineData("HTTP/1.1 200 OK\r\nX A: 1\r\n\r\n", "not a token")]
    [InlineData("HTTP/1.1 200 OK\r\n: 1\r\n\r\n", "without a name")]
    [InlineData("HTTP/1.1 200 OK\r\nX-A: a\u0001b\r\n\r\n", "control character")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n", "two different")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: +3\r\n\r\n", "not a number")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 3, 3\r\n\r\n", "not a number")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", "both")]
    [InlineData("HTTP/2 200 OK\r\n\r\n", "status line")]
    [InlineData("ICY 200 OK\r\n\r\n", "status line")]
    [InlineData("HTTP/1.1 20x OK\r\n\r\n", "three digits")]
    [InlineData("HTTP/1.1 2000 OK\r\n\r\n", "three digits")]
    [InlineData("HTTP/1.1 099 Low\r\n\r\n", "below 100")]
    [InlineData("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n", "101")]
    public void A_head_that_breaks_the_rules_is_refused_with_the_reason(string text, string reason)
    {
        Assert.Contains(reason, Refused(text));
    }

    [Fact]
    public void A_head_larger_than_the_limit_is_refused_even_before_its_end_arrives()
    {
        var huge = "HTTP/1.1 200 OK\r\nX-Big: " + new string('a', ResponseHeadParser.MaxHeadBytes);
        Assert.Contains("larger than", Refused(huge));
        Assert.Contains("larger than", Refused(huge + "\r\n\r\n"));
    }

    [Fact]
    public void Too_many_headers_are_refused()
    {
        var text = new StringBuilder("HTTP/1.1 200 OK\r\n");
        for (var i = 0; i <= ResponseHeadParser.MaxHeaders; i++) text.Append($"X-{i}: 1\r\n");
        Assert.Contains("more than", Refused(text.Append("\r\n").ToString()));
    }

    [Fact]
    public void Obs_text_in_a_value_is_kept_byte_for_byte()
    {
        var (_, head, _) = Parse("HTTP/1.1 200 OK\r\nX-Name: caf\u00e9\r\nContent-Length: 0\r\n\r\n");
        Assert.Equal("caf\u00e9", Assert.Single(head.Headers).Value);
    }
}
