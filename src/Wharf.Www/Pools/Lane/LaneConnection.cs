using System.IO.Pipelines;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Wharf.Www.Drain;
using Wharf.Www.Pools.Fast;

namespace Wharf.Www.Pools.Lane;

internal enum LaneWait
{
    /// <summary>Between requests, or inside one: nothing is awaited that a clock must bound.</summary>
    None,
    /// <summary>Waiting for a request's first byte (Kestrel's KeepAliveTimeout).</summary>
    Idle,
    /// <summary>Waiting for the rest of a request that has begun (Kestrel's RequestHeadersTimeout).</summary>
    Reading,
    /// <summary>Waiting for the client to take response bytes (a client that reads nothing holds a worker's connection).</summary>
    Writing,
}

/// <summary>One client connection while the lane serves it: its pipes, what it reuses per request, and the deadline <see cref="LaneWatch"/> enforces.</summary>
internal sealed class LaneConnection(ConnectionContext context, IPEndPoint local, TrackedConnection? tracked, LaneWatch watch, TimeSpan writeTimeout) : IDisposable
{
    private long _deadline = long.MaxValue;
    private int _wait;
    private byte[]? _clientAddress;

    public ConnectionContext Context { get; } = context;
    public PipeReader Input { get; } = context.Transport.Input;
    public PipeWriter Output { get; } = context.Transport.Output;
    public IPEndPoint Local { get; } = local;
    public IPEndPoint? Remote { get; } = context.RemoteEndPoint as IPEndPoint;
    public TrackedConnection? Tracked { get; } = tracked;

    public LaneRequestHead Head { get; } = new();

    /// <summary>The request as the worker gets it, rebuilt for each request in the same array.</summary>
    public HeadBuffer Request { get; } = new();

    /// <summary>X-Forwarded-For's value, made once per connection.</summary>
    public ReadOnlySpan<byte> ClientAddress =>
        _clientAddress ??= ForwardedHeaders.ClientAddress(Remote?.Address) is { } text ? Encoding.ASCII.GetBytes(text) : [];

    // Per request: what the log and the verdict need to know.
    public bool ResponseStarted { get; set; }
    public long BytesSent { get; set; }
    public int Status { get; set; }

    /// <summary>The answer said <c>Connection: close</c>: the connection ends after it.</summary>
    public bool SaidClose { get; set; }

    /// <summary>Until when a wait for the client to take response bytes may last, from now.</summary>
    public long WriteDeadline => watch.After(writeTimeout);

    /// <summary>Set by the watch when a wait ran past its deadline.</summary>
    public bool TimedOut { get; private set; }

    public void Await(LaneWait wait, long deadline)
    {
        Volatile.Write(ref _deadline, deadline);
        Volatile.Write(ref _wait, (int)wait);
    }

    public void Done() => Volatile.Write(ref _wait, (int)LaneWait.None);

    /// <summary>From the watch's timer: a read past its deadline is cancelled, a write aborts the connection.</summary>
    public void Check(long now)
    {
        var wait = (LaneWait)Volatile.Read(ref _wait);
        if (wait == LaneWait.None || now < Volatile.Read(ref _deadline)) return;
        TimedOut = true;
        if (wait is LaneWait.Idle or LaneWait.Reading) Input.CancelPendingRead();
        else Context.Abort(new ConnectionAbortedException("the client took no response bytes before the deadline"));
    }

    /// <summary>Kestrel's shutdown asked the connection to close: it ends at its next idle moment.</summary>
    public bool CloseRequested { get; private set; }

    /// <summary>Graceful close asked (Kestrel's shutdown): an idle connection ends now, a busy one after its answer.</summary>
    public void CloseIfIdle()
    {
        CloseRequested = true;
        if ((LaneWait)Volatile.Read(ref _wait) == LaneWait.Idle) Input.CancelPendingRead();
    }

    public void Dispose() => Request.Dispose();
}
