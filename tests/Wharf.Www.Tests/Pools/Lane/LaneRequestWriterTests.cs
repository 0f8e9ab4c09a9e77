using System.Text;
using Wharf.Www.Pools.Fast;
using Wharf.Www.Pools.Lane;

namespace Wharf.Www.Tests.Pools.Lane;

public sealed class LaneRequestWriterTests
{
    [Fact]
    public void Hop_by_hop_and_client_sent_forwarded_headers_are_dropped_and_www_writes_its_own()
    {
        var request = Encoding.ASCII.GetBytes(
            "POST /app/echo?x=1 HTTP/1.1\r\nHost: shop.example\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\nTE: trailers\r\n"
            + "X-Forwarded-For: 6.6.6.6\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Host: evil\r\nX-Forwarded-Prefix: /x\r\nForwarded: for=6.6.6.6\r\n"
            + "Proxy-Authorization: Basic eA==\r\nProxy-Connection: keep-alive\r\nAccept: */*\r\nContent-Length: 8\r\n\r\norder=43");
        var head = new LaneRequestHead();
        Assert.Equal(LaneParse.Carried, LaneRequestParser.TryParse(request, 40960, head));
        using var into = new HeadBuffer();

        LaneRequestWriter.Write(request, head, "127.0.0.1"u8, into);

        Assert.Equal(
            "POST /app/echo?x=1 HTTP/1.1\r\nHost: shop.example\r\nAccept: */*\r\nContent-Length: 8\r\n"
            + "X-Forwarded-For: 127.0.0.1\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Host: shop.example\r\n\r\norder=43",
            Encoding.ASCII.GetString(into.Written.Span));
    }
}
