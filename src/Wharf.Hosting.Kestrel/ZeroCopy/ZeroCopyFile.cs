using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Win32.SafeHandles;

namespace Wharf.Hosting.Kestrel.ZeroCopy;

/// <summary>
/// A file body sent by the kernel (sendfile), as nginx does, where the connection allows it:
/// plain HTTP/1.x on a listener with <see cref="ZeroCopyConnection.UseZeroCopyFiles"/>, with the
/// response body untouched by middleware (compression, a bandwidth limit).
/// </summary>
public static class ZeroCopyFile
{
    /// <summary>
    /// Sends the response (status and headers as set, Content-Length = <paramref name="count"/>)
    /// with <paramref name="count"/> bytes of <paramref name="file"/> from <paramref name="offset"/>
    /// as its body. Returns false, having sent nothing, when the connection does not allow it.
    /// A client that goes away mid-body aborts the connection. <paramref name="sent"/>, when given,
    /// is told each time more of the body has been handed to the socket (what a drain reports).
    /// </summary>
    public static async Task<bool> SendAsync(HttpContext context, SafeFileHandle file, long offset, long count, Action<long>? sent = null)
    {
        if (SenderFor(context) is not { } sender) return false;
        context.Response.ContentLength = count;

        // Kestrel awaited the flush of every earlier response on this connection, and the output
        // pipe pauses at one byte (InheritedListenerFactory), so all of it is in the socket by now:
        // what goes out directly cannot overtake it.
        sender.Writer.BeginCapture();
        try
        {
            await context.Response.StartAsync(context.RequestAborted);
        }
        catch
        {
            sender.Writer.PassThrough();
            throw;
        }
        var head = sender.Writer.CapturedHead;
        sender.Writer.BeginSkip(count);
        if (!await sender.SendAsync(head, file, offset, count, sent, context.RequestAborted))
        {
            sender.Writer.PassThrough();
            context.Abort();
            return true;
        }

        // Tell Kestrel the body was written, so that it keeps the connection alive; the writer drops these bytes.
        var body = context.Response.BodyWriter;
        var left = count;
        while (left > 0)
        {
            var memory = body.GetMemory();
            var step = (int)Math.Min(left, memory.Length);
            body.Advance(step);
            left -= step;
        }
        await body.FlushAsync(context.RequestAborted);
        return true;
    }

    /// <summary>The connection's sender, when this response may go around Kestrel's output.</summary>
    private static FileSender? SenderFor(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Response.HasStarted || !HttpProtocol.IsHttp11(context.Request.Protocol) && !HttpProtocol.IsHttp10(context.Request.Protocol))
            return null;
        // Kestrel's request object is its own body feature; anything else is middleware that must see the bytes.
        if (!ReferenceEquals(context.Features.Get<IHttpResponseBodyFeature>(), context.Features.Get<IHttpRequestFeature>()))
            return null;
        return context.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(FileSender.ItemKey, out var value) == true ? value as FileSender : null;
    }
}
