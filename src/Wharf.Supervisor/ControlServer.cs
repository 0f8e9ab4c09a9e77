using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Wharf.Hosting;
using Wharf.Hosting.Control;

namespace Wharf.Supervisor;

/// <summary>
/// <c>run/control.sock</c>: one JSON request per connection, answered with progress lines and a
/// result. Anyone may connect (so a refusal can be explained), but only administrators, by
/// their peer credentials, are served.
/// </summary>
internal sealed class ControlServer(string path, LocalAdminPolicy policy, Supervisor supervisor, ILogger log) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Socket? _listener;
    private Task _accepting = Task.CompletedTask;

    public void Start()
    {
        RemoveStaleSocket();
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        File.SetUnixFileMode(path, (UnixFileMode)0b110_110_110);
        listener.Listen(64);
        _listener = listener;
        _accepting = AcceptLoopAsync(listener);
    }

    private void RemoveStaleSocket()
    {
        if (!File.Exists(path)) return;
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException)
        {
            File.Delete(path);
            return;
        }
        throw new InvalidOperationException($"another `wharf serve` is already running for this data root (it answers on {path})");
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stop.IsCancellationRequested) return;
                continue;
            }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        await using var channel = new JsonLineChannel<ControlRequest, ControlReply>(
            new NetworkStream(client, ownsSocket: true), HostingJsonContext.Default.ControlRequest, HostingJsonContext.Default.ControlReply);
        try
        {
            var peer = PeerCredentials.Of(client);
            // Read the request even from a caller who will be refused, so the refusal is read as an answer, not a broken pipe.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var request = await channel.ReadAsync(timeout.Token);
            if (request is null) return;
            if (policy.Check(peer) is { } refusal)
            {
                log.LogWarning("Control request '{Command}' from uid {Uid} (pid {Pid}) refused", request.Command.Spelling(), peer.Uid, peer.Pid);
                await channel.WriteAsync(new ControlReply { Type = ControlReplyType.Error, Message = refusal });
                return;
            }
            await supervisor.HandleAsync(request, $"uid {peer.Uid} (pid {peer.Pid})", reply => channel.WriteAsync(reply));
        }
        catch (InvalidDataException e)
        {
            await TryWrite(channel, new ControlReply { Type = ControlReplyType.Error, Message = $"bad request: {e.Message}" });
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away; the operation it asked for carries on regardless.
            log.LogDebug("Control connection ended early: {Reason}", e.Message);
        }
        catch (Exception e)
        {
            // A bug must not pass as "the supervisor went away": log it, and tell the caller.
            log.LogError(e, "Control request failed");
            await TryWrite(channel, new ControlReply { Type = ControlReplyType.Error, Message = $"the supervisor failed to carry out the request: {e.Message}" });
        }
    }

    private static async Task TryWrite(JsonLineChannel<ControlRequest, ControlReply> channel, ControlReply reply)
    {
        try { await channel.WriteAsync(reply); }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException) { }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener?.Dispose();
        try { await _accepting; } catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException) { }
        try { File.Delete(path); } catch (IOException) { }
    }
}
