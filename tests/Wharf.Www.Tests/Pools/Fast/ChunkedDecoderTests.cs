using System.Text;
using Wharf.Www.Pools.Fast;

namespace Wharf.Www.Tests.Pools.Fast;

public sealed class ChunkedDecoderTests
{
    /// <summary>Feeds <paramref name="body"/> in pieces of <paramref name="piece"/> bytes; returns the data and the bytes left after the end.</summary>
    private static (string Data, int Left, bool Done) Decode(string body, int piece)
    {
        var bytes = Encoding.Latin1.GetBytes(body);
        var decoder = new ChunkedDecoder();
        var data = new StringBuilder();
        var position = 0;
        while (position < bytes.Length && !decoder.Done)
        {
            var end = Math.Min(bytes.Length, position + piece);
            var window = bytes.AsSpan(position, end - position);
            while (!window.IsEmpty && !decoder.Done)
            {
                var used = decoder.Read(window, out var offset, out var length);
                data.Append(Encoding.Latin1.GetString(window.Slice(offset, length)));
                window = window[used..];
                position += used;
            }
        }
        return (data.ToString(), bytes.Length - position, decoder.Done);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(4096)]
    public void Data_comes_out_whole_however_the_body_is_cut(int piece)
    {
        const string body = "5\r\nhello\r\n1;name=value\r\n \r\nA\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n";
        Assert.Equal(("hello 0123456789", 0, true), Decode(body, piece));
    }

    [Fact]
    public void The_body_ends_at_the_last_chunk_and_what_follows_is_left_unread()
    {
        Assert.Equal(("abc", 9, true), Decode("3\r\nabc\r\n0\r\n\r\nHTTP/1.1 ", 64));
    }

    [Fact]
    public void An_unfinished_body_is_not_done()
    {
        Assert.Equal(("ab", 0, false), Decode("3\r\nab", 64));
    }

    [Theory]
    [InlineData("x\r\n", "not hexadecimal")]
    [InlineData("\r\n", "not hexadecimal")]
    [InlineData("3\nabc\r\n", "not hexadecimal")]
    [InlineData("3;x\nabc\r\n", "control character")]
    [InlineData("3\r\nabcd\r\n", "longer than its size")]
    [InlineData("3\r\nabc\rx", "not ended by CRLF")]
    [InlineData("1000000000000000\r\n", "too large")]
    [InlineData("3;\u0001\r\n", "control character")]
    [InlineData("0\r\nX: 1\n\r\n", "bare LF")]
    [InlineData("0\r\n\rx", "not ended by CRLF")]
    public void Framing_that_breaks_the_rules_is_refused(string body, string reason)
    {
        var error = Assert.Throws<WorkerProtocolException>(() => Decode(body, 64));
        Assert.Contains(reason, error.Message);
    }
}
