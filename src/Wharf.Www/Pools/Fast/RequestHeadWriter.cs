using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace Wharf.Www.Pools.Fast;

/// <summary>
/// Writes the request a worker gets: the client's method, path and query (as www routed them), the
/// client's Host, its end-to-end headers, and www's own forwarded headers (<see cref="ForwardedHeaders"/>:
/// any a client sent are dropped). HTTP/1.1 with keep-alive, whatever the client spoke.
/// </summary>
internal static class RequestHeadWriter
{
    private static ReadOnlySpan<byte> Crlf => "\r\n"u8;

    public static void Write(HttpContext context, HeadBuffer head)
    {
        var request = context.Request;
        head.Append(request.Method);
        head.Append(" "u8);
        head.Append(Target(context));
        head.Append(" HTTP/1.1\r\nHost: "u8);
        head.Append(request.Host.HasValue ? request.Host.Value : "localhost");
        head.Append(Crlf);

        var headers = request.Headers;
        var named = headers.Connection.Count > 0 ? NamedBy(headers.Connection) : null;
        foreach (var (name, values) in headers)
        {
            if (Skipped(name) || (named is not null && named.Contains(name, StringComparer.OrdinalIgnoreCase))) continue;
            head.Append(name);
            head.Append(": "u8);
            AppendValues(head, values, name.Equals("Cookie", StringComparison.OrdinalIgnoreCase) ? "; " : ", ");
            head.Append(Crlf);
        }
        if (request.ContentLength is { } length)
        {
            head.Append("Content-Length: "u8);
            length.TryFormat(head.Free(20), out var digits, provider: CultureInfo.InvariantCulture);
            head.Advance(digits);
            head.Append(Crlf);
        }

        if (ForwardedHeaders.ClientAddress(context.Connection.RemoteIpAddress) is { } client)
        {
            head.Append("X-Forwarded-For: "u8);
            head.Append(client);
            head.Append(Crlf);
        }
        head.Append(request.IsHttps ? "X-Forwarded-Proto: https\r\n"u8 : "X-Forwarded-Proto: http\r\n"u8);
        if (request.Host.HasValue)
        {
            head.Append("X-Forwarded-Host: "u8);
            head.Append(request.Host.Value);
            head.Append(Crlf);
        }
        head.Append(Crlf);
    }

    /// <summary>
    /// The path www routed on (PathBase and Path, percent-encoded again) and the query. The client's
    /// own target is sent as it came when it says the same thing, which is nearly always, and saves
    /// the encoding.
    /// </summary>
    internal static string Target(HttpContext context)
    {
        var request = context.Request;
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        var path = request.Path.Value ?? "/";
        if (!request.PathBase.HasValue && raw is not null && raw.Length > 0 && raw[0] == '/')
        {
            var query = raw.IndexOf('?');
            var rawPath = query < 0 ? raw.AsSpan() : raw.AsSpan(0, query);
            if (rawPath.SequenceEqual(path)) return raw;
        }
        return request.PathBase.Add(request.Path).ToUriComponent() + request.QueryString.ToUriComponent();
    }

    // Hop-by-hop headers (RFC 9110 §7.6.1), the Host and length www writes itself, the proxy
    // credentials meant for no one past www, and whatever a client says in the forwarded headers.
    private static bool Skipped(string name) => name.Length switch
    {
        2 => name.Equals("TE", StringComparison.OrdinalIgnoreCase),
        4 => name.Equals("Host", StringComparison.OrdinalIgnoreCase),
        7 => name.Equals("Trailer", StringComparison.OrdinalIgnoreCase) || name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase),
        9 => name.Equals("Forwarded", StringComparison.OrdinalIgnoreCase),
        10 => name.Equals("Connection", StringComparison.OrdinalIgnoreCase) || name.Equals("Keep-Alive", StringComparison.OrdinalIgnoreCase),
        14 => name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase),
        15 => name.Equals(ForwardedHeaders.For, StringComparison.OrdinalIgnoreCase),
        16 => name.Equals(ForwardedHeaders.Host, StringComparison.OrdinalIgnoreCase) || name.Equals("Proxy-Connection", StringComparison.OrdinalIgnoreCase),
        17 => name.Equals(ForwardedHeaders.Proto, StringComparison.OrdinalIgnoreCase) || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase),
        18 => name.Equals("X-Forwarded-Prefix", StringComparison.OrdinalIgnoreCase) || name.Equals("Proxy-Authenticate", StringComparison.OrdinalIgnoreCase),
        19 => name.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    /// <summary>The headers a Connection header names as hop-by-hop; null when it names none (keep-alive and close are options, not names).</summary>
    private static List<string>? NamedBy(StringValues connection)
    {
        List<string>? named = null;
        foreach (var value in connection)
        {
            if (value is null || value.Equals("keep-alive", StringComparison.OrdinalIgnoreCase)) continue;
            foreach (var token in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                if (!token.Equals("keep-alive", StringComparison.OrdinalIgnoreCase) && !token.Equals("close", StringComparison.OrdinalIgnoreCase))
                    (named ??= []).Add(token);
        }
        return named;
    }

    private static void AppendValues(HeadBuffer head, StringValues values, string separator)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0) head.Append(separator);
            head.Append(values[i] ?? "");
        }
    }
}
