using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Wharf.Hosting.Control;

namespace Wharf.Www.Drain;

/// <summary>
/// Counts open connections (Kestrel connection middleware) and requests in progress (the first
/// HTTP middleware), and carries out the middle of a graceful drain: once draining, every
/// HTTP/1.x response that has not started says <c>Connection: close</c>, so a busy keep-alive
/// connection gets exactly one more answer and is then closed by the server, after the response;
/// and <see cref="WaitUntilQuietAsync"/> wakes on each change instead of polling. It also knows
/// each connection's client and its requests in progress (method, URL, bytes sent), so that a
/// drain can say what it holds (<see cref="Holding"/>), and a kill at the deadline what it cut.
/// </summary>
internal sealed class ConnectionTracker
{
    /// <summary>
    /// How long remaining connections must all have been without a request in progress before
    /// they are closed. A keep-alive client may have a request on the wire towards a connection
    /// that looks idle; this gives it time to arrive and be answered (with Connection: close)
    /// rather than be cut, while keeping a reset quick.
    /// </summary>
    public static readonly TimeSpan IdleGrace = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time;
    private readonly Func<object, Task> _closeIfDraining;
    private long _connections;
    private long _requests;
    private long _lastActivity;
    private volatile bool _draining;
    private TaskCompletionSource _changed = NewSignal();
    private readonly ConcurrentDictionary<TrackedConnection, byte> _open = new();

    public ConnectionTracker(TimeProvider time)
    {
        _time = time;
        _closeIfDraining = CloseIfDraining;
    }

    public long Connections => Interlocked.Read(ref _connections);

    public long Requests => Interlocked.Read(ref _requests);

    public bool IsDraining => _draining;

    /// <summary>For <c>listenOptions.Use</c>: the inner delegate returns when the connection has closed.</summary>
    public ConnectionDelegate TrackConnections(ConnectionDelegate next) => async connection =>
    {
        var tracked = new TrackedConnection(connection.RemoteEndPoint, _time.GetTimestamp());
        connection.Items[TrackedConnection.ItemKey] = tracked;
        _open.TryAdd(tracked, 0);
        Interlocked.Increment(ref _connections);
        try
        {
            await next(connection).ConfigureAwait(false);
        }
        finally
        {
            _open.TryRemove(tracked, out _);
            Interlocked.Decrement(ref _connections);
            Signal();
        }
    };

    /// <summary>The first HTTP middleware: every request passes here.</summary>
    public Task TrackRequestAsync(HttpContext context, RequestDelegate next)
    {
        Interlocked.Increment(ref _requests);
        if (_draining)
        {
            Touch();
            Signal();
        }

        // Connection: close means nothing in HTTP/2 and 3 (RFC 9113 section 8.2.2); Kestrel's
        // own shutdown sends those GOAWAY.
        var protocol = context.Request.Protocol;
        if (HttpProtocol.IsHttp11(protocol) || HttpProtocol.IsHttp10(protocol))
        {
            if (_draining) context.Response.Headers.Connection = "close";
            // A request that started before the drain decides at its response's start.
            else context.Response.OnStarting(_closeIfDraining, context);
        }

        var connection = context.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(TrackedConnection.ItemKey, out var item) == true
            ? item as TrackedConnection
            : null;
        RequestInProgress? request = null;
        if (connection is not null)
        {
            request = new RequestInProgress(context.Request, _time.GetTimestamp());
            context.Features.Set(request);
            connection.Begin(request);
        }

        Task pending;
        try
        {
            pending = next(context);
        }
        catch
        {
            RequestEnded(connection, request);
            throw;
        }
        if (pending.IsCompletedSuccessfully)
        {
            RequestEnded(connection, request);
            return Task.CompletedTask;
        }
        return AwaitRequest(pending, connection, request);
    }

    /// <summary>A request the forwarding lane carries begins: counted as <see cref="TrackRequestAsync"/> counts one.</summary>
    public void LaneRequestStarted(TrackedConnection? connection, RequestInProgress request)
    {
        Interlocked.Increment(ref _requests);
        if (_draining)
        {
            Touch();
            Signal();
        }
        connection?.Begin(request);
    }

    public void LaneRequestEnded(TrackedConnection? connection, RequestInProgress request) => RequestEnded(connection, request);

    /// <summary>
    /// What this process holds now, bounded (<see cref="HoldingReport.Create"/>): every request in
    /// progress with its client, method, URL and bytes sent, then idle connections.
    /// </summary>
    public HoldingReport Holding(int max = HoldingReport.MaxEntries)
    {
        var requests = new List<HeldEntry>();
        var idle = new List<TrackedConnection>();
        foreach (var connection in _open.Keys)
        {
            var inProgress = connection.Requests(_time);
            if (inProgress.Length == 0) idle.Add(connection);
            else requests.AddRange(inProgress);
        }
        return HoldingReport.Create(Connections, requests.Count, requests, idle.Count, idle.Select(c => c.Idle(_time)), max);
    }

    /// <summary>From now on responses close their connections, and changes wake the waiter.</summary>
    public void BeginDrain()
    {
        Touch();
        _draining = true;
        Signal();
    }

    /// <summary>
    /// Returns when no connection is open, or when the remaining ones have all been without a
    /// request for <see cref="IdleGrace"/> (counted from the drain's start at the earliest), or
    /// at the deadline, whichever comes first.
    /// </summary>
    public async Task<DrainOutcome> WaitUntilQuietAsync(DateTimeOffset deadline)
    {
        while (true)
        {
            // Taken before reading the counters, so that a change after the read still wakes us.
            var changed = Volatile.Read(ref _changed).Task;
            if (Connections == 0) return DrainOutcome.NoConnections;

            var now = _time.GetUtcNow();
            if (now >= deadline) return DrainOutcome.Deadline;
            var wait = deadline - now;

            if (Requests == 0)
            {
                var idle = _time.GetElapsedTime(Volatile.Read(ref _lastActivity));
                if (idle >= IdleGrace) return DrainOutcome.AllIdle;
                if (IdleGrace - idle < wait) wait = IdleGrace - idle;
            }

            await changed.WaitAsync(wait, _time).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task AwaitRequest(Task pending, TrackedConnection? connection, RequestInProgress? request)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        finally
        {
            RequestEnded(connection, request);
        }
    }

    private void RequestEnded(TrackedConnection? connection, RequestInProgress? request)
    {
        if (request is not null) connection?.End(request);
        if (_draining) Touch();
        Interlocked.Decrement(ref _requests);
        Signal();
    }

    private Task CloseIfDraining(object state)
    {
        if (_draining) ((HttpContext)state).Response.Headers.Connection = "close";
        return Task.CompletedTask;
    }

    private void Touch() => Volatile.Write(ref _lastActivity, _time.GetTimestamp());

    // Only a drain has a waiter; outside one, changes cost nothing beyond the counters.
    private void Signal()
    {
        if (_draining) Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
