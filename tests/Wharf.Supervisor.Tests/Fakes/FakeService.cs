using System.Net;
using System.Net.Sockets;
using Wharf.Hosting.Control;
using Wharf.Supervisor.Lifecycle;

namespace Wharf.Supervisor.Tests.Fakes;

/// <summary>
/// The service end of a control channel, played by the test: it answers as ServiceHost would
/// (pong, stopping, applied, figures), and records what it was sent. The channel is a loopback
/// connection, so no process is started.
/// </summary>
internal sealed class FakeService : IAsyncDisposable
{
    private readonly JsonLineChannel<ControlMessage, ControlMessage> _channel;
    private readonly List<ControlMessage> _received = [];
    private readonly Dictionary<long, TaskCompletionSource<List<ControlReply>>> _asked = [];
    private readonly Dictionary<long, List<ControlReply>> _replies = [];
    private readonly Task _loop;
    private long _seq;

    private FakeService(FakeProcess process, Stream serviceEnd)
    {
        Process = process;
        _channel = new JsonLineChannel<ControlMessage, ControlMessage>(serviceEnd, HostingJsonContext.Default.ControlMessage, HostingJsonContext.Default.ControlMessage);
        _loop = LoopAsync();
    }

    public FakeProcess Process { get; }

    /// <summary>Whether it exits as soon as it is told to stop (a quick drain); false keeps it draining until the test ends it.</summary>
    public bool ExitsOnStop { get; set; } = true;

    public long Connections { get; set; }

    /// <summary>The site counters it answers figures with (www's), if any.</summary>
    public IReadOnlyList<Wharf.Hosting.Control.Metrics.SiteFigures>? Sites { get; set; }

    private readonly TaskCompletionSource _stopReceived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the supervisor has told it to stop.</summary>
    public Task StopReceived => _stopReceived.Task;

    public IReadOnlyList<ControlMessage> Received
    {
        get { lock (_received) return _received.ToArray(); }
    }

    public static (LaunchedService Launched, FakeService Service) Create(int pid)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new TcpClient();
        client.Connect((IPEndPoint)listener.LocalEndpoint);
        var server = listener.AcceptTcpClient();
        var process = new FakeProcess(pid);
        return (new LaunchedService(process, client.GetStream()), new FakeService(process, server.GetStream()));
    }

    /// <summary>Every message it was sent, for a test to await one.</summary>
    public Pools.Observed<ControlMessage> Messages { get; } = new();

    /// <summary>What it answers a worker-requests query with (www's side of the in-flight query).</summary>
    public IReadOnlyList<Hosting.Control.Pools.InFlightRequest> InFlight { get; set; } = [];

    public Task SendAsync(ControlMessage message) => _channel.WriteAsync(message);

    public Task SayReadyAsync() => _channel.WriteAsync(new ControlMessage { Type = ControlMessageType.Ready });

    public Task ReportAsync(EventName name, string detail) =>
        _channel.WriteAsync(new ControlMessage { Type = ControlMessageType.Event, Event = name, Detail = detail });

    /// <summary>Asks the supervisor for a command; completes with every reply line, progress first, the final one last.</summary>
    public async Task<List<ControlReply>> AskAsync(ControlRequest request)
    {
        var seq = Interlocked.Increment(ref _seq);
        var done = new TaskCompletionSource<List<ControlReply>>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_asked)
        {
            _asked[seq] = done;
            _replies[seq] = [];
        }
        await _channel.WriteAsync(new ControlMessage { Type = ControlMessageType.Request, Seq = seq, Request = request });
        return await done.Task;
    }

    private async Task LoopAsync()
    {
        try
        {
            while (await _channel.ReadAsync() is { } m)
            {
                lock (_received) _received.Add(m);
                Messages.Add(m);
                switch (m.Type)
                {
                    case ControlMessageType.Ping:
                        await _channel.WriteAsync(new ControlMessage { Type = ControlMessageType.Pong, Seq = m.Seq, Connections = Connections });
                        break;
                    case ControlMessageType.Stop:
                        await _channel.WriteAsync(new ControlMessage { Type = ControlMessageType.Stopping, Connections = Connections });
                        _stopReceived.TrySetResult();
                        if (ExitsOnStop) Process.Exit();
                        break;
                    case ControlMessageType.Reload:
                        await _channel.WriteAsync(new ControlMessage { Type = ControlMessageType.Applied, Version = m.Version });
                        break;
                    case ControlMessageType.Figures:
                        await _channel.WriteAsync(new ControlMessage { Type = ControlMessageType.Figures, Seq = m.Seq, Figures = new() { ["connections"] = Connections }, Sites = Sites });
                        break;
                    case ControlMessageType.WorkerRequests:
                        await _channel.WriteAsync(new ControlMessage { Type = ControlMessageType.WorkerRequests, Seq = m.Seq, Worker = m.Worker, InFlight = InFlight });
                        break;
                    case ControlMessageType.Reply when m is { Seq: { } seq, Reply: { } reply }:
                        lock (_asked)
                        {
                            _replies[seq].Add(reply);
                            if (reply.Type != ControlReplyType.Progress) _asked[seq].TrySetResult(_replies[seq]);
                        }
                        break;
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidDataException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _loop;
    }
}
