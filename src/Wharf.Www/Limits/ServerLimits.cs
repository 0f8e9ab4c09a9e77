using Microsoft.AspNetCore.Server.Kestrel.Core;
using Wharf.Config.Model;

namespace Wharf.Www.Limits;

/// <summary>
/// The limits Kestrel has only server-wide, set from the sites. Kestrel applies an idle timeout
/// before it has read a request, so before it knows the site: the keep-alive and request-header
/// timeouts are the shortest connectionTimeout of any site (the header timeout no longer than
/// Kestrel's 30 s). Kestrel reads them for each new connection, so an apply changes them for
/// connections accepted afterwards.
/// </summary>
internal static class ServerLimits
{
    private static readonly TimeSpan KestrelHeadersTimeout = TimeSpan.FromSeconds(30);
    private const int KestrelRequestLine = 8 * 1024;

    public static void Apply(KestrelServerLimits limits, WharfConfig config)
    {
        if (config.Sites.Count == 0) return;
        var shortest = config.Sites.Min(s => s.Limits.ConnectionTimeout);
        limits.KeepAliveTimeout = shortest;
        limits.RequestHeadersTimeout = shortest < KestrelHeadersTimeout ? shortest : KestrelHeadersTimeout;

        // A site may allow longer URLs than Kestrel's 8 KiB request line; let them reach the
        // site, whose own limit then answers 414 (method, spaces and "HTTP/1.1" fit in 64 more).
        var longest = config.Sites.Max(s => (long)s.Limits.MaxUrlLength + s.Limits.MaxQueryStringLength + 64);
        limits.MaxRequestLineSize = (int)Math.Clamp(longest, KestrelRequestLine, int.MaxValue);
    }
}
