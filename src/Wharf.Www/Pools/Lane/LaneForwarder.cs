using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Wharf.Config.Model;
using Wharf.Www.Drain;
using Wharf.Www.Pools.Fast;
using Wharf.Www.Pools.Offline;
using Wharf.Www.Routing;
using Yarp.ReverseProxy.Forwarder;

namespace Wharf.Www.Pools.Lane;

/// <summary>
/// One lane request: the same decisions as the Kestrel path (site, limits, application, pool,
/// queue, worker, retry of a send that reached no worker; <see cref="PoolForwarder"/>), carried
/// out on the connection's pipes. Whatever the lane does not answer itself it hands back before
/// a byte of the answer is written: a site or application the lane does not carry goes to Kestrel
/// as it came, and a 503, 502 or 504 goes with a <see cref="LaneVerdict"/>.
/// </summary>
internal sealed class LaneForwarder(SiteRouter router, ConnectionTracker tracker, PoolRequests pools, PoolActivity activity, AppOffline offline, TimeProvider time, ILogger log)
{
    private const int MaxClosedConnectionRetries = 3;

    private sealed record Target(Site Site, SiteRuntime Runtime, PoolEntry Pool, string Method, string Path, string? Query);

    public async ValueTask<LaneOutcome> ServeAsync(LaneConnection connection, ReadOnlyMemory<byte> bytes)
    {
        if (Route(connection, bytes.Span) is not { } target) return LaneOutcome.HandOver;
        var runtime = target.Runtime;
        if (!runtime.Requests.TryEnter()) return LaneOutcome.HandOver;

        var head = connection.Head;
        var started = time.GetTimestamp();
        var progress = new RequestInProgress(target.Method, target.Path, target.Query, started);
        tracker.LaneRequestStarted(connection.Tracked, progress);
        activity.Enter(target.Pool.Name);
        connection.ResponseStarted = false;
        connection.BytesSent = 0;
        connection.Status = 0;
        connection.SaidClose = false;
        var outcome = LaneOutcome.Closed;
        try
        {
            connection.Request.Clear();
            LaneRequestWriter.Write(bytes.Span, head, connection.ClientAddress, connection.Request);
            outcome = await ForwardAsync(connection, target, started, bytes).ConfigureAwait(false);
            return outcome;
        }
        finally
        {
            activity.Leave(target.Pool.Name);
            runtime.Requests.Exit();
            tracker.LaneRequestEnded(connection.Tracked, progress);
            // A request handed back is logged and counted once, by Kestrel's path.
            if (outcome != LaneOutcome.HandOver) runtime.Counters.Count(connection.Status == 0 ? StatusCodes.Status500InternalServerError : connection.Status, connection.BytesSent, head.ContentLength);
            if (outcome != LaneOutcome.HandOver && runtime.Log is { } siteLog)
                LaneLog.Write(siteLog, connection, bytes.Span, target.Method, target.Path, target.Query, started, time, outcome == LaneOutcome.Closed);
        }
    }

    /// <summary>The site, application and pool of a request the lane can carry; null for anything else.</summary>
    private Target? Route(LaneConnection connection, ReadOnlySpan<byte> request)
    {
        var head = connection.Head;
        var host = request[head.Host];
        Span<char> hostChars = stackalloc char[host.Length];
        Encoding.ASCII.GetChars(host, hostChars);
        var site = router.Current.Find(BindingProtocol.Http, connection.Local.Address, connection.Local.Port, hostChars);
        if (site is null || site.IsStopped || site.Dispatch is not { } dispatch || site.Runtime is not { } runtime) return null;
        // What the Kestrel path answers itself (414, 413, a bandwidth-limited body) stays there.
        var limits = site.Config.Limits;
        var target = request[head.Target];
        if (head.PathLength > limits.MaxUrlLength || target.Length - head.PathLength - 1 > limits.MaxQueryStringLength) return null;
        if (head.ContentLength > limits.MaxRequestBodyBytes || runtime.Bandwidth is not null) return null;

        var path = Encoding.ASCII.GetString(target[..head.PathLength]);
        if (dispatch.Forwarded(path) is not { } application) return null;
        if (offline.TryGet(application.PhysicalPath, out _)) return null;
        if (pools.Find(application.ApplicationPool) is not { Refuses: false } pool) return null;
        var query = head.PathLength < target.Length ? Encoding.ASCII.GetString(target[head.PathLength..]) : null;
        return new Target(site, runtime, pool, Method(request[head.Method]), path, query);
    }

    private async ValueTask<LaneOutcome> ForwardAsync(LaneConnection connection, Target target, long enteredAt, ReadOnlyMemory<byte> bytes)
    {
        var pool = target.Pool;
        var aborted = connection.Context.ConnectionClosed;
        var retry = false;
        var closedConnections = 0;
        while (true)
        {
            var admitted = await pool.Queue.EnterAsync(enteredAt, aborted, atHead: retry).ConfigureAwait(false);
            if (admitted.Worker is not { } worker)
            {
                if (admitted.Outcome == QueueOutcome.ClientGone) return LaneOutcome.Closed;
                PoolLog.NotQueued(log, pool.Name, admitted.Outcome);
                return HandOver(connection, bytes, StatusCodes.Status503ServiceUnavailable);
            }

            var remote = connection.Remote;
            var entry = worker.Requests.Add(target.Method, target.Path, target.Query, remote?.Address, remote?.Port ?? 0);
            SendOutcome outcome;
            try
            {
                outcome = await SendAsync(connection, target, worker, aborted).ConfigureAwait(false);
            }
            catch
            {
                worker.Requests.Cut(entry);
                pool.Queue.Leave(worker);
                throw;
            }

            var (error, written, exception) = outcome;
            if (error == ForwarderError.None || PoolForwarder.IsClients(error))
            {
                worker.Requests.Done(entry);
                pool.Queue.Leave(worker);
                pools.Served(pool, worker);
                return error == ForwarderError.None && !connection.TimedOut ? LaneOutcome.Served : LaneOutcome.Closed;
            }

            if (error == ForwarderError.Request && !written && !connection.ResponseStarted
                && (WorkerUnreachableException.IsIn(exception) || ++closedConnections <= MaxClosedConnectionRetries))
            {
                var unreachable = WorkerUnreachableException.IsIn(exception);
                worker.Requests.Done(entry);
                pool.Queue.Leave(worker, unusable: unreachable);
                if (unreachable) PoolLog.Unreachable(log, pool.Name, worker.Id, worker.Endpoint);
                retry = true;
                continue;
            }

            worker.Requests.Cut(entry);
            pool.Queue.Leave(worker);
            pools.Served(pool, worker);
            PoolLog.ForwardFailed(log, pool.Name, worker.Id, target.Method, entry.Url, error, exception?.GetBaseException().Message ?? "");
            if (connection.ResponseStarted)
            {
                // The client must not take a cut answer for whole.
                connection.Context.Abort();
                return LaneOutcome.Closed;
            }
            return HandOver(connection, bytes, error == ForwarderError.RequestTimedOut ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status502BadGateway);
        }
    }

    private static LaneOutcome HandOver(LaneConnection connection, ReadOnlyMemory<byte> bytes, int status)
    {
        var span = bytes.Span;
        var head = connection.Head;
        new LaneVerdict(status, Encoding.ASCII.GetString(span[head.Method]), Encoding.ASCII.GetString(span[head.Target])).Leave(connection.Context.Items);
        return LaneOutcome.HandOver;
    }

    /// <summary>As <see cref="FastForwarder.SendAsync"/>, onto the connection's own pipe.</summary>
    private async ValueTask<SendOutcome> SendAsync(LaneConnection client, Target target, WorkerSlot worker, CancellationToken aborted)
    {
        WorkerConnection connection;
        try
        {
            connection = await worker.Connections.RentAsync(aborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (aborted.IsCancellationRequested)
        {
            return new(ForwarderError.RequestCanceled, false, e);
        }
        catch (Exception e)
        {
            return new(ForwarderError.Request, false, e);
        }

        var reuse = false;
        try
        {
            try
            {
                await connection.SendAsync(client.Request.Written, aborted).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                return new(aborted.IsCancellationRequested ? ForwarderError.RequestCanceled : ForwarderError.Request, false, e);
            }

            var head = connection.Response;
            int start, filled;
            try
            {
                (start, filled) = await FastForwarder.ReadHeadAsync(connection, ReferenceEquals(target.Method, HttpMethods.Head), aborted).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                return new(aborted.IsCancellationRequested ? ForwarderError.RequestCanceled : ForwarderError.ResponseHeaders, true, e);
            }
            if (!LaneResponseWriter.CanWrite(head))
                return new(ForwarderError.ResponseHeaders, true, new WorkerProtocolException("a response header value with a byte above 0x7F"));

            var close = client.Head.Close || tracker.IsDraining || client.CloseRequested;
            client.SaidClose = close;
            var chunked = head.Framing is BodyFraming.Chunked or BodyFraming.UntilClose;
            client.Status = head.Status;
            client.ResponseStarted = true;
            client.BytesSent += LaneResponseWriter.WriteHead(client.Output, head, target.Site.Content.CustomHeaders, worker, chunked, close);
            try
            {
                reuse = await CopyBodyAsync(client, connection, head, start, filled).ConfigureAwait(false);
                if (!reuse && (aborted.IsCancellationRequested || client.TimedOut)) return new(ForwarderError.ResponseBodyClient, true);
                reuse &= head.KeepAlive;
                return SendOutcome.Served;
            }
            catch (Exception e)
            {
                return new(aborted.IsCancellationRequested || client.TimedOut ? ForwarderError.ResponseBodyClient : ForwarderError.ResponseBodyDestination, true, e);
            }
        }
        finally
        {
            if (reuse) worker.Connections.Return(connection);
            else connection.Dispose();
        }
    }

    /// <summary>
    /// The worker's body to the client: a length as it came, chunked re-framed chunk by chunk (its
    /// trailers dropped), a body that runs to the worker's close as chunks. Flushed before each wait
    /// for more and at its end. True when the worker's body was read exactly to its end.
    /// </summary>
    private static async ValueTask<bool> CopyBodyAsync(LaneConnection client, WorkerConnection connection, ResponseHead head, int start, int filled)
    {
        var output = client.Output;
        var buffer = connection.Buffer;
        switch (head.Framing)
        {
            case BodyFraming.None:
                return await FlushAsync(client).ConfigureAwait(false) && filled == start;

            case BodyFraming.ContentLength:
                {
                    var remaining = head.ContentLength;
                    var take = (int)Math.Min(remaining, filled - start);
                    client.BytesSent += LaneResponseWriter.Write(output, buffer.AsSpan(start, take));
                    remaining -= take;
                    var exact = start + take == filled;
                    while (remaining > 0)
                    {
                        if (!await FlushAsync(client).ConfigureAwait(false)) return false;
                        var read = await connection.ReceiveAsync(buffer.AsMemory(0, (int)Math.Min(remaining, buffer.Length)), client.Context.ConnectionClosed).ConfigureAwait(false);
                        if (read == 0) throw new IOException($"the worker closed the connection {remaining} bytes before the end of its response");
                        client.BytesSent += LaneResponseWriter.Write(output, buffer.AsSpan(0, read));
                        remaining -= read;
                    }
                    return await FlushAsync(client).ConfigureAwait(false) && exact;
                }

            case BodyFraming.Chunked:
                {
                    var decoder = new ChunkedDecoder();
                    while (true)
                    {
                        while (start < filled && !decoder.Done)
                        {
                            var used = decoder.Read(buffer.AsSpan(start, filled - start), out var offset, out var length);
                            if (length > 0) client.BytesSent += LaneResponseWriter.WriteChunk(output, buffer.AsSpan(start + offset, length));
                            start += used;
                        }
                        if (decoder.Done)
                        {
                            client.BytesSent += LaneResponseWriter.WriteLastChunk(output);
                            return await FlushAsync(client).ConfigureAwait(false) && start == filled;
                        }
                        if (!await FlushAsync(client).ConfigureAwait(false)) return false;
                        start = 0;
                        filled = await connection.ReceiveAsync(buffer, client.Context.ConnectionClosed).ConfigureAwait(false);
                        if (filled == 0) throw new IOException("the worker closed the connection before the end of its chunked response");
                    }
                }

            default:
                {
                    client.BytesSent += LaneResponseWriter.WriteChunk(output, buffer.AsSpan(start, filled - start));
                    while (true)
                    {
                        if (!await FlushAsync(client).ConfigureAwait(false)) return false;
                        var read = await connection.ReceiveAsync(buffer, client.Context.ConnectionClosed).ConfigureAwait(false);
                        if (read == 0)
                        {
                            client.BytesSent += LaneResponseWriter.WriteLastChunk(output);
                            await FlushAsync(client).ConfigureAwait(false);
                            return false;
                        }
                        client.BytesSent += LaneResponseWriter.WriteChunk(output, buffer.AsSpan(0, read));
                    }
                }
        }
    }

    /// <summary>False when the client has gone and nothing more should be read for it.</summary>
    private static async ValueTask<bool> FlushAsync(LaneConnection client)
    {
        var flush = client.Output.FlushAsync();
        if (flush.IsCompletedSuccessfully) return !flush.Result.IsCompleted && !flush.Result.IsCanceled;
        client.Await(LaneWait.Writing, client.WriteDeadline);
        try
        {
            var result = await flush.ConfigureAwait(false);
            return !result.IsCompleted && !result.IsCanceled;
        }
        finally
        {
            client.Done();
        }
    }

    // The common methods as the constants they are, so that a request allocates no string for its method.
    private static string Method(ReadOnlySpan<byte> method) => method switch
    {
        _ when method.SequenceEqual("GET"u8) => HttpMethods.Get,
        _ when method.SequenceEqual("POST"u8) => HttpMethods.Post,
        _ when method.SequenceEqual("HEAD"u8) => HttpMethods.Head,
        _ when method.SequenceEqual("PUT"u8) => HttpMethods.Put,
        _ when method.SequenceEqual("DELETE"u8) => HttpMethods.Delete,
        _ when method.SequenceEqual("PATCH"u8) => HttpMethods.Patch,
        _ when method.SequenceEqual("OPTIONS"u8) => HttpMethods.Options,
        _ => Encoding.ASCII.GetString(method),
    };
}
