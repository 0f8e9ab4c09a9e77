using System.Diagnostics;
using System.Net.Sockets;
using Wharf.Hosting.Control;
using Wharf.Hosting.Native;

namespace Wharf.Supervisor;

/// <summary>
/// One running service process as the supervisor sees it: its control channel, whether it said
/// ready, its last answer to a ping, and how it ended.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly JsonLineChannel<ControlMessage, ControlMessage> _channel;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<ProcessExit> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stopRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeProvider _time;
    private readonly Action<ServiceProcess, ControlMessage> _onEvent;
    private readonly Dictionary<long, TaskCompletionSource<ControlMessage>> _reloads = [];
    private readonly Task _readLoop;
    private long _lastPongTicks;
    private long _connections;

    public ServiceProcess(string service, ProcessLauncher.Launched launched, TimeProvider time, Action<ServiceProcess, ControlMessage> onEvent)
    {
        Service = service;
        _process = launched.Process;
        _time = time;
        _onEvent = onEvent;
        Pid = _process.Id;
        StartedAt = time.GetUtcNow();
        _lastPongTicks = StartedAt.UtcTicks;
        _channel = new JsonLineChannel<ControlMessage, ControlMessage>(
            new NetworkStream(launched.Control, ownsSocket: true),
            HostingJsonContext.Default.ControlMessage, HostingJsonContext.Default.ControlMessage);
        _readLoop = ReadLoopAsync();
        _ = WatchExitAsync();
    }

    public string Service { get; }
    public int Pid { get; }
    public DateTimeOffset StartedAt { get; }

    /// <summary>Set once the supervisor has asked it to stop: its exit is then not a failure.</summary>
    public bool StopRequested { get; private set; }

    /// <summary>Why the service said it could not start, when it said so before exiting.</summary>
    public string? StartFailure { get; private set; }

    /// <summary>
    /// <see cref="StartFailure"/> once the process has exited: its last message may still be
    /// unread when the exit is seen, so this waits (briefly) for the channel's end.
    /// </summary>
    public async Task<string?> StartFailureAfterExitAsync()
    {
        await Task.WhenAny(_readLoop, Task.Delay(TimeSpan.FromSeconds(2), _time));
        return StartFailure;
    }

    /// <summary>Set when the supervisor killed it (deadline passed, or hung).</summary>
    public string? KilledBecause { get; private set; }

    public long Connections => Interlocked.Read(ref _connections);
    public Task Ready => _ready.Task;
    public Task<ProcessExit> Exited => _exited.Task;
    public bool HasExited => _exited.Task.IsCompleted;

    public DateTimeOffset LastPong => new(Interlocked.Read(ref _lastPongTicks), TimeSpan.Zero);

    public Task SendAsync(ControlMessage message) => SendQuietlyAsync(message);

    /// <summary>The answer of a reload cut short because the process was asked to stop: it reads no more messages until it has drained.</summary>
    public const string StoppingEvent = "stopping";

    /// <summary>
    /// Sends <c>reload</c> and waits for the service's <c>applied</c> or <c>failed</c> for that
    /// version, or until it is asked to stop: a stopping service reads its channel again only once
    /// drained, and its drain may itself wait on this reload (the admin service's own change).
    /// </summary>
    public async Task<ControlMessage> ReloadAsync(long version, TimeSpan timeout)
    {
        var answer = new TaskCompletionSource<ControlMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_reloads) _reloads[version] = answer;
        try
        {
            await SendQuietlyAsync(new ControlMessage { Type = ControlMessage.Types.Reload, Version = version });
            var done = await Task.WhenAny(answer.Task, Exited, _stopRequested.Task, Task.Delay(timeout, _time));
            if (done == answer.Task) return await answer.Task;
            if (done == _stopRequested.Task)
                return new ControlMessage { Type = ControlMessage.Types.Failed, Version = version, Event = StoppingEvent, Detail = $"pid {Pid} is stopping" };
            var why = done == Exited ? $"pid {Pid} exited while applying it ({await Exited})" : $"pid {Pid} did not answer within {timeout.TotalSeconds:0} s";
            return new ControlMessage { Type = ControlMessage.Types.Failed, Version = version, Detail = why };
        }
        finally
        {
            lock (_reloads) _reloads.Remove(version);
        }
    }

    public async Task RequestStopAsync(TimeSpan deadline)
    {
        StopRequested = true;
        _stopRequested.TrySetResult();
        await SendQuietlyAsync(new ControlMessage { Type = ControlMessage.Types.Stop, DeadlineMs = (long)deadline.TotalMilliseconds });
    }

    /// <summary>SIGKILL to the process group (the service and everything it started), then to the process itself.</summary>
    public void Kill(string because)
    {
        KilledBecause ??= because;
        Libc.kill(-Pid, Libc.SIGKILL);
        Libc.kill(Pid, Libc.SIGKILL);
    }

    /// <summary>Marks an exit the supervisor caused on purpose (reboot hand-over) so it is not counted as a failure.</summary>
    public void ExpectExit() => StopRequested = true;

    private async Task SendQuietlyAsync(ControlMessage message)
    {
        try { await _channel.WriteAsync(message); }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException) { }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (await _channel.ReadAsync() is { } message)
            {
                switch (message.Type)
                {
                    case ControlMessage.Types.Ready:
                        // Time spent starting is not silence: ping accounting starts at ready.
                        Interlocked.Exchange(ref _lastPongTicks, _time.GetUtcNow().UtcTicks);
                        _ready.TrySetResult();
                        break;
                    case ControlMessage.Types.Pong:
                        Interlocked.Exchange(ref _lastPongTicks, _time.GetUtcNow().UtcTicks);
                        if (message.Connections is { } c) Interlocked.Exchange(ref _connections, c);
                        break;
                    case ControlMessage.Types.Stopping:
                        if (message.Connections is { } held) Interlocked.Exchange(ref _connections, held);
                        break;
                    case ControlMessage.Types.Failed when message.Version is null && !_ready.Task.IsCompleted:
                        StartFailure = message.Detail;
                        break;
                    case ControlMessage.Types.Applied or ControlMessage.Types.Failed when message.Version is { } v:
                        TaskCompletionSource<ControlMessage>? waiter;
                        lock (_reloads) _reloads.TryGetValue(v, out waiter);
                        waiter?.TrySetResult(message);
                        break;
                }
                _onEvent(this, message);
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ObjectDisposedException or SocketException)
        {
            // A broken channel shows as the process's exit (or as missed pings); nothing to do here.
        }
    }

    private async Task WatchExitAsync()
    {
        await _process.WaitForExitAsync();
        var code = _process.ExitCode;
        // .NET reports death by signal N as 128 + N.
        var exit = code > 128 && code < 128 + 65
            ? new ProcessExit(null, code - 128)
            : new ProcessExit(code, null);
        _ready.TrySetException(new InvalidOperationException($"exited before it was ready ({exit})"));
        _exited.TrySetResult(exit);
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        _process.Dispose();
    }
}

internal readonly record struct ProcessExit(int? ExitCode, int? Signal)
{
    public bool Clean => ExitCode == 0;

    public string? SignalName => Signal is { } s ? Libc.SignalName(s) : null;

    public override string ToString() => Signal is not null ? $"killed by {SignalName}" : $"exit code {ExitCode}";
}
