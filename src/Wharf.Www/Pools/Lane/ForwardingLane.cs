using System.Buffers;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Wharf.Www.Drain;

namespace Wharf.Www.Pools.Lane;

/// <summary>
/// www's connection-level path for plain-HTTP listeners that forward to pools' workers: a Kestrel
/// connection middleware that reads each request from the transport itself, and, when it is a
/// plain HTTP/1.1 request for an application whose pool can take it, forwards it and writes the
/// answer without Kestrel's HTTP layer (no HttpContext, no header dictionaries).
/// Any other request, and every request after it on that connection, goes to Kestrel unread, so
/// Kestrel remains the judge of everything unusual. ARCHITECTURE.md has the measurements.
/// </summary>
internal sealed class ForwardingLane(LaneForwarder forwarder, KestrelServerLimits limits, LaneWatch watch)
{
    private long _served;

    /// <summary>Requests the lane answered itself (not those it handed to Kestrel).</summary>
    public long Served => Interlocked.Read(ref _served);

    public ConnectionDelegate Use(ConnectionDelegate next) => connection => RunAsync(connection, next);

    private async Task RunAsync(ConnectionContext context, ConnectionDelegate next)
    {
        if (context.LocalEndPoint is not IPEndPoint local)
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        var tracked = context.Items.TryGetValue(TrackedConnection.ItemKey, out var item) ? item as TrackedConnection : null;
        using var connection = new LaneConnection(context, local, tracked, watch, WriteTimeout());
        var lifetime = context.Features.Get<IConnectionLifetimeNotificationFeature>();
        using var closeAsked = lifetime?.ConnectionClosedRequested.Register(static state => ((LaneConnection)state!).CloseIfIdle(), connection);
        watch.Add(connection);
        var handOver = false;
        try
        {
            handOver = await ServeAsync(connection).ConfigureAwait(false);
        }
        finally
        {
            watch.Remove(connection);
        }
        if (handOver) await next(context).ConfigureAwait(false);
    }

    /// <summary>Serves requests until the connection ends (false) or one is Kestrel's (true: the pipe is left at its first byte).</summary>
    private async Task<bool> ServeAsync(LaneConnection connection)
    {
        var input = connection.Input;
        var started = false;
        while (true)
        {
            // A drain does not close a connection between requests: a request may already be on its
            // way, and is answered with Connection: close. Kestrel's shutdown closes idle ones.
            if (connection.CloseRequested) return false;
            connection.Await(started ? LaneWait.Reading : LaneWait.Idle,
                watch.After(started ? limits.RequestHeadersTimeout : limits.KeepAliveTimeout));
            var result = await input.ReadAsync().ConfigureAwait(false);
            connection.Done();
            var buffer = result.Buffer;
            if (result.IsCanceled)
            {
                // The watch's deadline, or a shutdown: a request begun and unfinished is Kestrel's to refuse.
                if (!buffer.IsEmpty && !connection.TimedOut)
                {
                    input.AdvanceTo(buffer.Start);
                    return true;
                }
                input.AdvanceTo(buffer.End);
                return false;
            }
            if (buffer.IsEmpty && result.IsCompleted) return false;

            var bytes = Contiguous(buffer, out var rented);
            try
            {
                var maxHead = (int)Math.Min(limits.MaxRequestLineSize + limits.MaxRequestHeadersTotalSize, int.MaxValue);
                switch (LaneRequestParser.TryParse(bytes.Span, maxHead, connection.Head))
                {
                    case LaneParse.Incomplete:
                        if (result.IsCompleted)
                        {
                            input.AdvanceTo(buffer.Start);
                            return true;
                        }
                        started = true;
                        input.AdvanceTo(buffer.Start, buffer.End);
                        continue;
                    case LaneParse.NotCarried:
                        input.AdvanceTo(buffer.Start);
                        return true;
                }

                var outcome = await forwarder.ServeAsync(connection, bytes).ConfigureAwait(false);
                switch (outcome)
                {
                    case LaneOutcome.HandOver:
                        input.AdvanceTo(buffer.Start);
                        return true;
                    case LaneOutcome.Served:
                        Interlocked.Increment(ref _served);
                        input.AdvanceTo(buffer.GetPosition(connection.Head.Length));
                        started = false;
                        // Closed only after an answer that said so, or the client could send into a closed connection.
                        if (connection.SaidClose) return false;
                        continue;
                    default:
                        input.AdvanceTo(buffer.GetPosition(connection.Head.Length));
                        return false;
                }
            }
            finally
            {
                if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// How long a client may take to make room for more of an answer: Kestrel's minimum response
    /// data rate over a full response buffer, after its grace period.
    /// </summary>
    private TimeSpan WriteTimeout()
    {
        if (limits.MinResponseDataRate is not { } rate) return Timeout.InfiniteTimeSpan;
        var buffer = limits.MaxResponseBufferSize ?? 64 * 1024;
        return rate.GracePeriod + TimeSpan.FromSeconds(buffer / rate.BytesPerSecond);
    }

    /// <summary>The buffer as one block: Kestrel's own when it is one segment, as nearly every request is; else a pooled copy.</summary>
    private static ReadOnlyMemory<byte> Contiguous(ReadOnlySequence<byte> buffer, out byte[]? rented)
    {
        rented = null;
        if (buffer.IsSingleSegment) return buffer.First;
        rented = ArrayPool<byte>.Shared.Rent((int)Math.Min(buffer.Length, 1 << 20));
        var length = (int)Math.Min(buffer.Length, rented.Length);
        buffer.Slice(0, length).CopyTo(rented);
        return rented.AsMemory(0, length);
    }
}

internal enum LaneOutcome
{
    /// <summary>Answered; the connection may carry the next request.</summary>
    Served,
    /// <summary>Not answered: Kestrel reads the request again (with a <see cref="LaneVerdict"/> when the lane decided its answer).</summary>
    HandOver,
    /// <summary>The connection ends: the client left, or an answer was cut after it began.</summary>
    Closed,
}
