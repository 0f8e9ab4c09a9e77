using System.Buffers;
using System.Buffers.Text;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Wharf.Config.Model;
using Wharf.Www.Pools.Fast;

namespace Wharf.Www.Pools.Lane;

/// <summary>
/// A worker's response head as the lane sends it to the client: the status, www's Date and Server
/// (as Kestrel writes them on the other path), the site's custom headers unless the worker sent
/// the same name, the worker's end-to-end headers, then the framing: the worker's length, or
/// chunked for a body of unknown length, and <c>Connection: close</c> on the connection's last answer.
/// </summary>
internal static class LaneResponseWriter
{
    private static readonly byte[]?[] StatusLines = new byte[600][];

    /// <summary>False when a header cannot go out as it is (a byte above 0x7F, which Kestrel refuses too): the answer is the site's 502.</summary>
    public static bool CanWrite(ResponseHead head)
    {
        foreach (var (_, value) in head.Headers)
            if (!Ascii.IsValid(value)) return false;
        return true;
    }

    /// <returns>The bytes written.</returns>
    public static int WriteHead(PipeWriter output, ResponseHead head, IReadOnlyList<KeyValuePair<string, string>> customHeaders, WorkerSlot worker, bool chunked, bool close)
    {
        var written = 0;
        written += Write(output, StatusLine(head.Status));
        written += Write(output, HttpDate.Header());
        written += Write(output, "Server: Kestrel\r\n"u8);
        var headers = head.Headers;
        foreach (var (name, value) in customHeaders)
            if (!Has(headers, name)) written += WriteHeader(output, name, value);
        foreach (var (name, value) in headers)
        {
            if (name.Equals(WorkerProgramConfig.RecycleHeader, StringComparison.OrdinalIgnoreCase))
            {
                worker.AskRecycle(value);
                continue;
            }
            written += WriteHeader(output, name, value);
        }
        if (head.ContentLength >= 0)
        {
            written += Write(output, "Content-Length: "u8);
            var span = output.GetSpan(20);
            Utf8Formatter.TryFormat(head.ContentLength, span, out var digits);
            output.Advance(digits);
            written += digits + Write(output, "\r\n"u8);
        }
        else if (chunked) written += Write(output, "Transfer-Encoding: chunked\r\n"u8);
        if (close) written += Write(output, "Connection: close\r\n"u8);
        written += Write(output, "\r\n"u8);
        return written;
    }

    /// <summary>One chunk of a body re-framed as chunked (RFC 9112 §7.1).</summary>
    public static int WriteChunk(PipeWriter output, ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return 0;
        var span = output.GetSpan(10);
        Utf8Formatter.TryFormat(data.Length, span, out var digits, new StandardFormat('x'));
        output.Advance(digits);
        return digits + Write(output, "\r\n"u8) + Write(output, data) + Write(output, "\r\n"u8);
    }

    public static int WriteLastChunk(PipeWriter output) => Write(output, "0\r\n\r\n"u8);

    /// <summary>As the Kestrel-side path writes a body (<see cref="FastForwarder.Write"/>), counting the bytes.</summary>
    public static int Write(PipeWriter output, ReadOnlySpan<byte> bytes)
    {
        FastForwarder.Write(output, bytes);
        return bytes.Length;
    }

    private static int WriteHeader(PipeWriter output, string name, string value)
    {
        var length = name.Length + 2 + value.Length + 2;
        var span = output.GetSpan(length);
        var at = Encoding.ASCII.GetBytes(name, span);
        span[at++] = (byte)':';
        span[at++] = (byte)' ';
        at += Encoding.ASCII.GetBytes(value, span[at..]);
        span[at++] = (byte)'\r';
        span[at++] = (byte)'\n';
        output.Advance(at);
        return at;
    }

    private static bool Has(List<KeyValuePair<string, string>> headers, string name)
    {
        foreach (var (key, _) in headers)
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    private static byte[] StatusLine(int status)
    {
        if (status is < 100 or >= 600) status = 500;
        return StatusLines[status] ??= Encoding.ASCII.GetBytes($"HTTP/1.1 {status} {ReasonPhrases.GetReasonPhrase(status)}\r\n");
    }
}
