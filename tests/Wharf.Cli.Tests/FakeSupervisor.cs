using System.Net.Sockets;
using Wharf.Config;
using Wharf.Hosting.Control;

namespace Wharf.Cli.Tests;

/// <summary>
/// A test double of the supervisor's control socket, for the CLI's rendering and exit codes only:
/// it accepts one connection, reads one request, and answers with the scripted replies.
/// </summary>
internal sealed class FakeSupervisor : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly Task _serving;
    private readonly TaskCompletionSource<ControlRequest> _received = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FakeSupervisor(TempRoot root, Func<ControlRequest, Func<ControlReply, Task>, Task> script)
    {
        Root = root;
        Directory.CreateDirectory(root.Data.RunFolder);
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(root.Data.ControlSocket));
        _listener.Listen(4);
        _serving = ServeAsync(script);
    }

    public TempRoot Root { get; }

    public Task<ControlRequest> Received => _received.Task;

    /// <summary>Answers with these replies, in order, then closes the connection.</summary>
    public static FakeSupervisor Replying(TempRoot root, params ControlReply[] replies) =>
        new(root, async (_, send) =>
        {
            foreach (var reply in replies) await send(reply);
        });

    public static FakeSupervisor Scripted(TempRoot root, Func<ControlRequest, Func<ControlReply, Task>, Task> script) => new(root, script);

    private async Task ServeAsync(Func<ControlRequest, Func<ControlReply, Task>, Task> script)
    {
        try
        {
            using var client = await _listener.AcceptAsync();
            await using var channel = new JsonLineChannel<ControlRequest, ControlReply>(
                new NetworkStream(client, ownsSocket: false), HostingJsonContext.Default.ControlRequest, HostingJsonContext.Default.ControlReply);
            var request = await channel.ReadAsync() ?? throw new InvalidOperationException("no request");
            _received.TrySetResult(request);
            await script(request, reply => channel.WriteAsync(reply));
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
            _received.TrySetException(e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        try { await _serving.WaitAsync(TimeSpan.FromSeconds(5)); }
        catch (Exception e) when (e is TimeoutException or SocketException or ObjectDisposedException) { }
    }
}

/// <summary>A data root under /tmp, short enough for a Unix socket path.</summary>
internal sealed class TempRoot : IDisposable
{
    public TempRoot()
    {
        Path = System.IO.Path.Combine("/tmp", "wct-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Path);
        Data = new DataRoot(Path);
    }

    public string Path { get; }
    public DataRoot Data { get; }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }
}
