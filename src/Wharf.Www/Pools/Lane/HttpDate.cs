using System.Text;

namespace Wharf.Www.Pools.Lane;

/// <summary>The Date header line (RFC 9110 §6.6.1), made once a second rather than once a response, as Kestrel's own is.</summary>
internal static class HttpDate
{
    private sealed record Line(long Second, byte[] Bytes);

    private static Line _line = new(-1, []);

    public static ReadOnlySpan<byte> Header()
    {
        var now = DateTimeOffset.UtcNow;
        var second = now.ToUnixTimeSeconds();
        var line = Volatile.Read(ref _line);
        if (line.Second == second) return line.Bytes;
        line = new Line(second, Encoding.ASCII.GetBytes("Date: " + now.ToString("r", System.Globalization.CultureInfo.InvariantCulture) + "\r\n"));
        Volatile.Write(ref _line, line);
        return line.Bytes;
    }
}
