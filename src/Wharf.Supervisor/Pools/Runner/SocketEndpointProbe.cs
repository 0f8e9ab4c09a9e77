using System.Net;
using System.Net.Sockets;

namespace Wharf.Supervisor.Pools.Runner;

/// <summary>
/// Connects to "unix:/path" or "127.0.0.1:PORT" until one is accepted. Nothing announces that a
/// program has started listening, so this polls, quickly at first (a small app listens within
/// tens of milliseconds) and then every 100 ms.
/// </summary>
internal sealed class SocketEndpointProbe(TimeProvider time) : IEndpointProbe
{
    private static readonly TimeSpan FirstInterval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxInterval = TimeSpan.FromMilliseconds(100);

    public async Task WaitAcceptsAsync(string endpoint, CancellationToken cancellationToken)
    {
        var address = Parse(endpoint);
        var interval = FirstInterval;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await TryConnectAsync(address, cancellationToken)) return;
            await Task.Delay(interval, time, cancellationToken);
            interval = interval * 2 > MaxInterval ? MaxInterval : interval * 2;
        }
    }

    public static EndPoint Parse(string endpoint) =>
        endpoint.StartsWith("unix:", StringComparison.Ordinal) ? new UnixDomainSocketEndPoint(endpoint["unix:".Length..])
        : IPEndPoint.TryParse(endpoint, out var ip) ? ip
        : throw new ArgumentException($"'{endpoint}' is neither unix:/path nor ADDRESS:PORT", nameof(endpoint));

    private static async Task<bool> TryConnectAsync(EndPoint address, CancellationToken cancellationToken)
    {
        using var socket = address is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(address, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
