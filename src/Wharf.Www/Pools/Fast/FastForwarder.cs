using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Wharf.Config.Model;
using Yarp.ReverseProxy.Forwarder;

namespace Wharf.Www.Pools.Fast;

/// <summary>
/// www's own HTTP/1.1 path to a worker for the requests that make up nearly all of an
/// application's traffic: no upgrade, and a body that is absent or small and of known length.
/// It writes the request head in one buffer and one send over a pooled keep-alive connection,
/// reads the response into one buffer, and hands the body to Kestrel as it arrives (flushed
/// before each wait for more, so a stream of events or a long download is not held back).
/// YARP carries the rest: WebSockets, HTTP/2 clients, chunked or large uploads, Expect:
/// 100-continue. ARCHITECTURE.md gives the measurements that justified it.
/// </summary>
internal static class FastForwarder
{
    /// <summary>A request body up to this size is read before the request is sent, as nginx buffers one; a larger one is streamed by YARP.</summary>
    public const int MaxBufferedRequestBody = 64 * 1024;

    /// <summary>Whether the fast path can carry the request.</summary>
    public static bool Carries(HttpContext context)
    {
        var request = context.Request;
        if (!HttpProtocol.IsHttp11(request.Protocol) && !HttpProtocol.IsHttp10(request.Protocol)) return false;
        if (HttpMethods.IsConnect(request.Method)) return false;
        if (context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true }) return false;
        var headers = request.Headers;
        if (headers.TransferEncoding.Count > 0 || headers.Expect.Count > 0 || headers.Upgrade.Count > 0) return false;
        return request.ContentLength is null or <= MaxBufferedRequestBody;
    }

    /// <summary>
    /// The request's bytes, head and body, as every attempt sends them: built once, before the
    /// request waits in the queue, so a retry on another worker sends the same body. False when the
    /// client did not send the body it announced (the response is then its 400).
    /// </summary>
    public static async Task<bool> PrepareAsync(HttpContext context, HeadBuffer bytes)
    {
        var request = context.Request;
        RequestHeadWriter.Write(context, bytes);
        if (request.ContentLength is not { } length || length == 0) return true;
        try
        {
            await ReadBodyAsync(request.BodyReader, bytes, length, context.RequestAborted).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or BadHttpRequestException)
        {
            if (!context.Response.HasStarted) context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return false;
        }
    }

    /// <summary>Sends the <see cref="PrepareAsync"/>d request to <paramref name="worker"/> and copies its response to the client.</summary>
    public static async Task<SendOutcome> SendAsync(HttpContext context, WorkerSlot worker, HeadBuffer bytes)
    {
        var aborted = context.RequestAborted;
        var request = context.Request;
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
                await connection.SendAsync(bytes.Written, aborted).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // One send carries the whole request, so a failed send left the worker no request to act
                // on (a pooled connection it closed: broken pipe); it may go to another worker.
                return new(aborted.IsCancellationRequested ? ForwarderError.RequestCanceled : ForwarderError.Request, false, e);
            }

            var head = connection.Response;
            int start, filled;
            try
            {
                (start, filled) = await ReadHeadAsync(connection, HttpMethods.IsHead(request.Method), aborted).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                return new(aborted.IsCancellationRequested ? ForwarderError.RequestCanceled : ForwarderError.ResponseHeaders, true, e);
            }

            try
            {
                CopyHead(head, context.Response, worker);
            }
            catch (InvalidOperationException e)
            {
                // Kestrel refuses a value it cannot write (a byte above 0x7F): the worker's answer is
                // not passed on in part; the client gets the 502 and none of the worker's headers.
                context.Response.Headers.Clear();
                return new(ForwarderError.ResponseHeaders, true, e);
            }
            try
            {
                reuse = await CopyBodyAsync(connection, head, start, filled, context.Response.BodyWriter, aborted).ConfigureAwait(false);
                if (reuse is false && aborted.IsCancellationRequested) return new(ForwarderError.ResponseBodyClient, true);
                reuse &= head.KeepAlive;
                return SendOutcome.Served;
            }
            catch (Exception e)
            {
                return new(aborted.IsCancellationRequested ? ForwarderError.ResponseBodyClient : ForwarderError.ResponseBodyDestination, true, e);
            }
        }
        finally
        {
            if (reuse) worker.Connections.Return(connection);
            else connection.Dispose();
        }
    }

    private static async ValueTask ReadBodyAsync(PipeReader reader, HeadBuffer into, long length, CancellationToken aborted)
    {
        var left = length;
        while (left > 0)
        {
            var result = await reader.ReadAsync(aborted).ConfigureAwait(false);
            var body = result.Buffer;
            var take = Math.Min(body.Length, left);
            foreach (var segment in body.Slice(0, take)) into.Append(segment.Span);
            left -= take;
            reader.AdvanceTo(body.GetPosition(take));
            if (left > 0 && result.IsCompleted) throw new IOException($"the request body ended {left} bytes short of its Content-Length");
        }
    }

    /// <summary>Reads until the final head is whole; returns where the body's first bytes are in the connection's buffer.</summary>
    internal static async ValueTask<(int Start, int Filled)> ReadHeadAsync(WorkerConnection connection, bool headRequest, CancellationToken aborted)
    {
        var head = connection.Response;
        var start = 0;
        var filled = 0;
        while (true)
        {
            var buffer = connection.Buffer;
            if (filled == buffer.Length)
            {
                if (start > 0)
                {
                    buffer.AsSpan(start, filled - start).CopyTo(buffer);
                    filled -= start;
                    start = 0;
                }
                else
                {
                    connection.GrowBuffer(filled);
                    buffer = connection.Buffer;
                }
            }
            var read = await connection.ReceiveAsync(buffer.AsMemory(filled), aborted).ConfigureAwait(false);
            if (read == 0) throw new IOException("the worker closed the connection before its response");
            filled += read;
            while (true)
            {
                var parsed = ResponseHeadParser.TryParse(buffer.AsSpan(start, filled - start), headRequest, head, out var consumed);
                if (parsed == HeadParse.Incomplete) break;
                start += consumed;
                if (parsed == HeadParse.Final) return (start, filled);
            }
        }
    }

    /// <summary>
    /// The worker's status and headers onto the client's response. A worker's header replaces one www
    /// set already (the site's custom headers); repeated lines (Set-Cookie) are all kept. The
    /// worker's <see cref="WorkerProgramConfig.RecycleHeader"/> is taken out and reported.
    /// </summary>
    private static void CopyHead(ResponseHead head, HttpResponse response, WorkerSlot worker)
    {
        response.StatusCode = head.Status;
        var headers = response.Headers;
        var list = head.Headers;
        for (var i = 0; i < list.Count; i++)
        {
            var (name, value) = list[i];
            if (name.Equals(WorkerProgramConfig.RecycleHeader, StringComparison.OrdinalIgnoreCase))
            {
                worker.AskRecycle(value);
                continue;
            }
            if (SeenBefore(list, i, name)) headers.Append(name, value);
            else headers[name] = value;
        }
        if (head.ContentLength >= 0) response.ContentLength = head.ContentLength;
    }

    private static bool SeenBefore(List<KeyValuePair<string, string>> list, int index, string name)
    {
        for (var i = 0; i < index; i++)
            if (list[i].Key.Equals(name, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    /// <summary>
    /// The body from the worker to the client, per the head's framing. True when it was read exactly to
    /// its end, so the connection may carry another request; false when the client left first, the
    /// body ran to the connection's close, or the worker sent more than it framed.
    /// </summary>
    /// <remarks>
    /// A body that came in the head's read is left for Kestrel to send with the head when the
    /// handler returns. Any other is flushed before each wait for more and once more at its end:
    /// Kestrel sends what a handler wrote after its own flush only when the handler flushes again
    /// (seen with a worker that writes its head and body apart: the client got the head and waited).
    /// </remarks>
    private static async ValueTask<bool> CopyBodyAsync(WorkerConnection connection, ResponseHead head, int start, int filled, PipeWriter client, CancellationToken aborted)
    {
        var buffer = connection.Buffer;
        switch (head.Framing)
        {
            case BodyFraming.None:
                return filled == start;

            case BodyFraming.ContentLength:
                {
                    var remaining = head.ContentLength;
                    var take = (int)Math.Min(remaining, filled - start);
                    Write(client, buffer.AsSpan(start, take));
                    remaining -= take;
                    var exact = start + take == filled;
                    if (remaining == 0) return exact;
                    while (remaining > 0)
                    {
                        if (!await FlushAsync(client, aborted).ConfigureAwait(false)) return false;
                        var read = await connection.ReceiveAsync(buffer.AsMemory(0, (int)Math.Min(remaining, buffer.Length)), aborted).ConfigureAwait(false);
                        if (read == 0) throw new IOException($"the worker closed the connection {remaining} bytes before the end of its response");
                        Write(client, buffer.AsSpan(0, read));
                        remaining -= read;
                    }
                    return await FlushAsync(client, aborted).ConfigureAwait(false) && exact;
                }

            case BodyFraming.Chunked:
                {
                    var decoder = new ChunkedDecoder();
                    var waited = false;
                    while (true)
                    {
                        while (start < filled && !decoder.Done)
                        {
                            var used = decoder.Read(buffer.AsSpan(start, filled - start), out var offset, out var length);
                            if (length > 0) Write(client, buffer.AsSpan(start + offset, length));
                            start += used;
                        }
                        if (decoder.Done)
                        {
                            var exact = start == filled;
                            return waited ? await FlushAsync(client, aborted).ConfigureAwait(false) && exact : exact;
                        }
                        if (!await FlushAsync(client, aborted).ConfigureAwait(false)) return false;
                        waited = true;
                        start = 0;
                        filled = await connection.ReceiveAsync(buffer, aborted).ConfigureAwait(false);
                        if (filled == 0) throw new IOException("the worker closed the connection before the end of its chunked response");
                    }
                }

            default:
                {
                    Write(client, buffer.AsSpan(start, filled - start));
                    while (true)
                    {
                        if (!await FlushAsync(client, aborted).ConfigureAwait(false)) return false;
                        var read = await connection.ReceiveAsync(buffer, aborted).ConfigureAwait(false);
                        if (read == 0)
                        {
                            await FlushAsync(client, aborted).ConfigureAwait(false);
                            return false;
                        }
                        Write(client, buffer.AsSpan(0, read));
                    }
                }
        }
    }

    /// <summary>
    /// Copies into the client's writer, asking for room of the size needed: Kestrel's chunked writer
    /// may offer an empty span to a request for any size (BuffersExtensions.Write then throws).
    /// </summary>
    internal static void Write(PipeWriter client, ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var span = client.GetSpan(Math.Min(bytes.Length, 4096));
            var take = Math.Min(span.Length, bytes.Length);
            bytes[..take].CopyTo(span);
            client.Advance(take);
            bytes = bytes[take..];
        }
    }

    /// <summary>False when the client has gone and nothing more should be read for it.</summary>
    private static async ValueTask<bool> FlushAsync(PipeWriter client, CancellationToken aborted)
    {
        var result = await client.FlushAsync(aborted).ConfigureAwait(false);
        return !result.IsCanceled && !result.IsCompleted;
    }
}
