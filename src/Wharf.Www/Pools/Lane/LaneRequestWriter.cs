using Wharf.Www.Pools.Fast;

namespace Wharf.Www.Pools.Lane;

/// <summary>
/// The bytes a worker gets for a lane request, head and body in one buffer: the client's request
/// line and end-to-end header lines as they came (the parser has checked each), then www's own
/// forwarded headers (<see cref="ForwardedHeaders"/>), then the body. What the Kestrel path's
/// <see cref="RequestHeadWriter"/> sends, without making a string of any of it.
/// </summary>
internal static class LaneRequestWriter
{
    public static void Write(ReadOnlySpan<byte> request, LaneRequestHead head, ReadOnlySpan<byte> clientAddress, HeadBuffer into)
    {
        var lineEnd = request.IndexOf("\r\n"u8) + 2;
        into.Append(request[..lineEnd]);
        var position = lineEnd;
        while (position < head.HeadLength - 2)
        {
            var length = request[position..].IndexOf("\r\n"u8) + 2;
            var line = request.Slice(position, length);
            var colon = line.IndexOf((byte)':');
            if (LaneHeaders.Classify(line[..colon]) is not (LaneHeader.Dropped or LaneHeader.Connection)) into.Append(line);
            position += length;
        }
        if (!clientAddress.IsEmpty)
        {
            into.Append("X-Forwarded-For: "u8);
            into.Append(clientAddress);
            into.Append("\r\n"u8);
        }
        into.Append("X-Forwarded-Proto: http\r\nX-Forwarded-Host: "u8);
        into.Append(request[head.Host]);
        into.Append("\r\n\r\n"u8);
        into.Append(request.Slice(head.HeadLength, head.ContentLength));
    }
}
