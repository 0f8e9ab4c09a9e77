using System.Net.Sockets;
using System.Text.Json.Nodes;
using Wharf.Hosting.Control;
using Wharf.Supervisor.Lifecycle;

namespace Wharf.Supervisor;

/// <summary>
/// A service's process: the lifecycle's <see cref="SupervisedProcess"/> with the control channel
/// on top. The channel says ready, answers pings (liveness), reports connections, answers
/// reload and figures, and carries the service's events and requests to <c>onMessage</c>.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartFailureWait = TimeSpan.FromSeconds(2);

    private readonly JsonLineChannel<ControlMessage, ControlMessage> _channel;
    private readonly TimeProvider _time;
    private readonly Action<ServiceProcess, ControlMessage> _onMessage;
    private readonly Dictionary<long, TaskCompletionSource<ControlMessage>> _reloads = [];
    private readonly Dictionary<long, TaskCompletionSource<ControlMessage>> _figures = [];
    private readonly Dictionary<long, TaskCompletionSource<IReadOnlyList<Hosting.Control.Pools.InFlightRequest>>> _workerRequests = [];
    private readonly Task _readLoop;
    private long _figuresSeq;

    public ServiceProcess(LaunchedService launched, TimeProvider time, Action<ServiceProcess, ControlMessage> onMessage)
    {
        Process = new SupervisedProcess(launched.Process, time);
        Process.StopsBy(deadline => SendAsync(new ControlMessage { Type = ControlMessageType.Stop, DeadlineMs = (long)deadline.TotalMilliseconds }));
        Process.AnswersStop();
        _time = time;
        _onMessage = onMessage;
        _channel = new JsonLineChannel<ControlMessage, ControlMessage>(launched.Control,
            HostingJsonContext.Default.ControlMessage, HostingJsonContext.Default.ControlMessage);
        _readLoop = ReadLoopAsync();
    }

    public SupervisedProcess Process { get; }
    public int Pid => Process.Pid;

    /// <summary>Why the service said it could not start, when it said so before exiting.</summary>
    public string? StartFailure { get; private set; }

    /// <summary>
    /// <see cref="StartFailure"/> once the process has exited: its last message may still be
    /// unread when the exit is seen, so this waits (briefly) for the channel's end.
    /// </summary>
    public async Task<string?> StartFailureAfterExitAsync()
    {
        await Task.WhenAny(_readLoop, Task.Delay(StartFailureWait, _time));
        return StartFailure;
    }

    public Task PingAsync(long seq) => SendAsync(new ControlMessage { Type = ControlMessageType.Ping, Seq = seq });

    public async Task SendAsync(ControlMessage message)
    {
        try { await _channel.WriteAsync(message); }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException) { }
    }

    /// <summary>
    /// Sends <c>reload</c> and waits for the answer for that version: <c>applied</c>, <c>failed</c>
    /// or <c>restart-needed</c>; or until it exits, is asked to stop, or the timeout passes.
    /// </summary>
    public async Task<ReloadAnswer> ReloadAsync(long version, TimeSpan timeout)
    {
        var answer = new TaskCompletionSource<ControlMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_reloads) _reloads[version] = answer;
        try
        {
            await SendAsync(new ControlMessage { Type = ControlMessageType.Reload, Version = version });
            var done = await Task.WhenAny(answer.Task, Process.Exited, Process.StopRequestedTask, Task.Delay(timeout, _time));
            if (done == answer.Task)
            {
                var m = await answer.Task;
                return new ReloadAnswer(m.Type, m.Detail);
            }
            if (done == Process.StopRequestedTask) return new ReloadAnswer(null, $"pid {Pid} is stopping");
            return new ReloadAnswer(ControlMessageType.Failed, done == Process.Exited
                ? $"pid {Pid} exited while applying it ({await Process.Exited})"
                : $"pid {Pid} did not answer within {timeout.TotalSeconds:0} s");
        }
        finally
        {
            lock (_reloads) _reloads.Remove(version);
        }
    }

    /// <summary>Asks the process for its figures; null when it does not answer in time.</summary>
    public async Task<JsonObject?> FiguresAsync(TimeSpan timeout) => (await FiguresAnswerAsync(timeout))?.Figures ?? (JsonObject?)null;

    /// <summary>The whole answer to a figures question: the figures, and the sites' counters of a service that counts them.</summary>
    public async Task<ControlMessage?> FiguresAnswerAsync(TimeSpan timeout)
    {
        var seq = Interlocked.Increment(ref _figuresSeq);
        var answer = new TaskCompletionSource<ControlMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_figures) _figures[seq] = answer;
        try
        {
            await SendAsync(new ControlMessage { Type = ControlMessageType.Figures, Seq = seq });
            var done = await Task.WhenAny(answer.Task, Process.Exited, Task.Delay(timeout, _time));
            return done == answer.Task ? await answer.Task : null;
        }
        finally
        {
            lock (_figures) _figures.Remove(seq);
        }
    }

    /// <summary>
    /// Asks a service that serves pools which requests <paramref name="workerId"/> was serving (a
    /// <c>worker-requests</c> query); null when it does not answer in time.
    /// </summary>
    /// <remarks>With no worker (null) the question is only a round trip: the answer says the process has taken every line sent before it.</remarks>
    public async Task<IReadOnlyList<Hosting.Control.Pools.InFlightRequest>?> WorkerRequestsAsync(string? workerId, TimeSpan timeout)
    {
        var seq = Interlocked.Increment(ref _figuresSeq);
        var answer = new TaskCompletionSource<IReadOnlyList<Hosting.Control.Pools.InFlightRequest>>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_workerRequests) _workerRequests[seq] = answer;
        try
        {
            await SendAsync(new ControlMessage { Type = ControlMessageType.WorkerRequests, Seq = seq, Worker = workerId });
            var done = await Task.WhenAny(answer.Task, Process.Exited, Task.Delay(timeout, _time));
            return done == answer.Task ? await answer.Task : null;
        }
        finally
        {
            lock (_workerRequests) _workerRequests.Remove(seq);
        }
    }

    /// <summary>The answer to a worker-requests query, once <see cref="ServiceReports"/> has checked the service may send it.</summary>
    public void AnswerWorkerRequests(ControlMessage message)
    {
        if (message.Seq is not { } seq) return;
        TaskCompletionSource<IReadOnlyList<Hosting.Control.Pools.InFlightRequest>>? asker;
        lock (_workerRequests) _workerRequests.TryGetValue(seq, out asker);
        asker?.TrySetResult(message.InFlight ?? []);
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (await _channel.ReadAsync() is { } message)
            {
                switch (message.Type)
                {
                    case ControlMessageType.Ready:
                        Process.MarkReady();
                        break;
                    case ControlMessageType.Pong or ControlMessageType.Holding:
                        Process.Heard();
                        if (LastHoldingReport.Of(message) is { } report) Process.Holds(report);
                        break;
                    case ControlMessageType.Stopping:
                        if (LastHoldingReport.Of(message) is { } held) Process.Holds(held, answersStop: true);
                        break;
                    case ControlMessageType.Failed when message.Version is null && !Process.Ready.IsCompleted:
                        StartFailure = message.Detail;
                        break;
                    case ControlMessageType.Applied or ControlMessageType.Failed or ControlMessageType.RestartNeeded when message.Version is { } v:
                        TaskCompletionSource<ControlMessage>? waiter;
                        lock (_reloads) _reloads.TryGetValue(v, out waiter);
                        waiter?.TrySetResult(message);
                        break;
                    case ControlMessageType.Figures when message.Seq is { } seq:
                        TaskCompletionSource<ControlMessage>? asker;
                        lock (_figures) _figures.TryGetValue(seq, out asker);
                        asker?.TrySetResult(message.Figures is null ? message with { Figures = [] } : message);
                        break;
                    case ControlMessageType.Event or ControlMessageType.Request or ControlMessageType.PoolReport or ControlMessageType.WorkerRequests:
                        _onMessage(this, message);
                        break;
                }
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ObjectDisposedException or SocketException)
        {
            // A broken channel shows as the process's exit (or as missed pings); nothing to do here.
        }
    }

    public ValueTask DisposeAsync() => _channel.DisposeAsync();
}

/// <summary>A reload's answer: <c>applied</c>, <c>failed</c> or <c>restart-needed</c>; no type when the process was asked to stop meanwhile.</summary>
internal readonly record struct ReloadAnswer(ControlMessageType? Type, string? Detail);
