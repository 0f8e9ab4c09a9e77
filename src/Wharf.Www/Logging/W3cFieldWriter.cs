using System.Globalization;
using System.Net;
using System.Text;

namespace Wharf.Www.Logging;

/// <summary>
/// Formats W3C extended log lines as IIS does: fields separated by one space, '-' for an empty
/// field, spaces inside a field written '+' (Mozilla/5.0+(X11;+Linux)), times in UTC,
/// time-taken in milliseconds, addresses without an IPv4-mapped prefix. Lines end in CRLF, as IIS's.
/// </summary>
internal static class W3cFieldWriter
{
    public const string LineEnd = "\r\n";

    public static void AppendLine(StringBuilder line, W3cField[] fields, in W3cLogEntry entry, string siteName, string computerName)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0) line.Append(' ');
            AppendField(line, fields[i], entry, siteName, computerName);
        }
        line.Append(LineEnd);
    }

    public static void AppendHeader(StringBuilder text, string software, DateTime date, IReadOnlyList<string> fieldNames)
    {
        text.Append("#Software: ").Append(software).Append(LineEnd);
        text.Append("#Version: 1.0").Append(LineEnd);
        text.Append("#Date: ").Append(date.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Append(LineEnd);
        text.Append("#Fields: ").AppendJoin(' ', fieldNames).Append(LineEnd);
    }

    private static void AppendField(StringBuilder line, W3cField field, in W3cLogEntry e, string siteName, string computerName)
    {
        switch (field)
        {
            case W3cField.Date: line.Append(CultureInfo.InvariantCulture, $"{e.Time:yyyy-MM-dd}"); break;
            case W3cField.Time: line.Append(CultureInfo.InvariantCulture, $"{e.Time:HH:mm:ss}"); break;
            case W3cField.ServerIp: AppendAddress(line, e.ServerIp); break;
            case W3cField.Method: AppendText(line, e.Method); break;
            case W3cField.UriStem: AppendText(line, e.UriStem); break;
            case W3cField.UriQuery: AppendText(line, WithoutQuestionMark(e.UriQuery)); break;
            case W3cField.ServerPort: line.Append(e.ServerPort); break;
            case W3cField.UserName: AppendText(line, e.UserName); break;
            case W3cField.ClientIp: AppendAddress(line, e.ClientIp); break;
            case W3cField.UserAgent: AppendText(line, e.UserAgent); break;
            case W3cField.Referer: AppendText(line, e.Referer); break;
            case W3cField.Status: line.Append(e.Status); break;
            case W3cField.SubStatus: line.Append(e.SubStatus); break;
            case W3cField.Win32Status: line.Append(e.Win32Status); break;
            case W3cField.TimeTaken: line.Append(e.TimeTakenMs); break;
            case W3cField.SiteName: AppendText(line, siteName); break;
            case W3cField.ComputerName: AppendText(line, computerName); break;
            case W3cField.BytesSent: AppendCount(line, e.BytesSent); break;
            case W3cField.BytesReceived: AppendCount(line, e.BytesReceived); break;
            case W3cField.ProtocolVersion: AppendText(line, e.Protocol); break;
            case W3cField.Host: AppendText(line, e.Host); break;
            case W3cField.Cookie: AppendText(line, e.Cookie); break;
            default: line.Append('-'); break;
        }
    }

    /// <summary>
    /// '-' for nothing; a space, or anything else that would break the line into other fields or
    /// lines (tabs, CR, LF, other control characters), becomes '+', as IIS writes spaces.
    /// </summary>
    public static void AppendText(StringBuilder line, ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            line.Append('-');
            return;
        }
        var span = value;
        while (!span.IsEmpty)
        {
            var bad = IndexOfSeparator(span);
            if (bad < 0)
            {
                line.Append(span);
                return;
            }
            line.Append(span[..bad]).Append('+');
            span = span[(bad + 1)..];
        }
    }

    public static void AppendAddress(StringBuilder line, IPAddress? address)
    {
        if (address is null)
        {
            line.Append('-');
            return;
        }
        // A dual-mode socket reports IPv4 clients as ::ffff:a.b.c.d; IIS and every log tool expect a.b.c.d.
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        Span<char> text = stackalloc char[64];
        if (address.TryFormat(text, out var written)) line.Append(text[..written]);
        else line.Append(address.ToString());
    }

    private static ReadOnlySpan<char> WithoutQuestionMark(string? query) =>
        query is not null && query.StartsWith('?') ? query.AsSpan(1) : query;

    private static void AppendCount(StringBuilder line, long count)
    {
        if (count < 0) line.Append('-');
        else line.Append(count);
    }

    private static int IndexOfSeparator(ReadOnlySpan<char> span)
    {
        for (var i = 0; i < span.Length; i++)
            if (span[i] <= ' ' || span[i] == '\u007f') return i;
        return -1;
    }
}
