using System.Net;
using System.Net.Sockets;

namespace Wharf.Console.Tests;

/// <summary>
/// A loopback TCP port carried byte for byte to run/admin.sock, so a browser can reach the console
/// the way an administrator's `ssh -L` would; the admin service sees the test's own Unix identity.
/// </summary>
public sealed class AdminTunnel : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _socketPath;
    private readonly CancellationTokenSource _stop = new();

    public AdminTunnel(string socketPath)
    {
        _socketPath = socketPath;
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try { client = await _listener.AcceptSocketAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
            _ = CarryAsync(client);
        }
    }

    private async Task CarryAsync(Socket client)
    {
        using var _ = client;
        using var admin = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await admin.ConnectAsync(new UnixDomainSocketEndPoint(_socketPath), _stop.Token);
            await Task.WhenAll(PumpAsync(client, admin), PumpAsync(admin, client));
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or IOException) { }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int n;
            while ((n = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token)) > 0)
                await to.SendAsync(buffer.AsMemory(0, n), SocketFlags.None, _stop.Token);
            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
