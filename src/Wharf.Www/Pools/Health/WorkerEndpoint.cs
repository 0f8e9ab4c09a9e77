using System.Net;
using System.Net.Sockets;

namespace Wharf.Www.Pools.Health;

/// <summary>
/// Where a worker listens, as the supervisor's table spells it (<c>unix:/abs/path.sock</c> or
/// <c>127.0.0.1:PORT</c>), as a socket address to connect to.
/// </summary>
internal static class WorkerEndpoint
{
    private const string UnixPrefix = "unix:";

    /// <summary>Null when the text is neither form (the table is the supervisor's, but www trusts no input).</summary>
    public static EndPoint? Parse(string endpoint)
    {
        if (endpoint.StartsWith(UnixPrefix, StringComparison.Ordinal))
        {
            var path = endpoint[UnixPrefix.Length..];
            return path.StartsWith('/') ? new UnixDomainSocketEndPoint(path) : null;
        }
        return IPEndPoint.TryParse(endpoint, out var ip) && ip.Port != 0 ? ip : null;
    }
}
