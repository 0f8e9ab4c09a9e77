using System.Text;
using Wharf.Www.Logging;

namespace Wharf.Www.Pools.Lane;

/// <summary>A lane request's W3C log entry, with the fields the Kestrel path's <see cref="Routing.SiteRequest"/> gives one.</summary>
internal static class LaneLog
{
    // ERROR_NETNAME_DELETED, what IIS logs as sc-win32-status when the client went away.
    private const int ClientWentAway = 64;

    public static void Write(SiteLog log, LaneConnection connection, ReadOnlySpan<byte> request, string method, string path, string? query, long started, TimeProvider time, bool cut)
    {
        var head = connection.Head;
        var settings = log.Settings;
        var fields = settings.Fields;
        log.TryEnqueue(new W3cLogEntry
        {
            Log = log,
            Settings = settings,
            Time = time.GetUtcNow().UtcDateTime,
            ServerIp = connection.Local.Address,
            ServerPort = connection.Local.Port,
            ClientIp = connection.Remote?.Address,
            Method = method,
            UriStem = path,
            UriQuery = query,
            UserAgent = Text(request, head.UserAgent),
            Referer = Text(request, head.Referer),
            Cookie = fields.NeedsCookie ? Text(request, head.Cookie) : null,
            Host = Text(request, head.Host),
            Protocol = "HTTP/1.1",
            // An answer cut before it began is what Kestrel's path logs for an aborted request.
            Status = connection.Status == 0 ? 500 : connection.Status,
            Win32Status = cut ? ClientWentAway : 0,
            TimeTakenMs = (long)time.GetElapsedTime(started).TotalMilliseconds,
            BytesSent = fields.CountsBytes ? connection.BytesSent : -1,
            BytesReceived = fields.CountsBytes ? head.Length : -1,
        });
    }

    private static string Text(ReadOnlySpan<byte> request, Range range)
    {
        var bytes = request[range];
        return bytes.IsEmpty ? "" : Encoding.ASCII.GetString(bytes);
    }
}
