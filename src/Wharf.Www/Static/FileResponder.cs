using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Win32.SafeHandles;
using Wharf.Hosting.Kestrel.ZeroCopy;
using Wharf.Www.Drain;

namespace Wharf.Www.Static;

/// <summary>
/// Sends one file version: validators and conditional requests, the content coding, ranges,
/// HEAD. A cached file goes out from memory in one write with its ready headers; a large one is
/// read from disk straight into Kestrel's output buffers, a chunk at a time.
/// </summary>
internal static class FileResponder
{
    // Half of Kestrel's default response buffer (MaxResponseBufferSize, 64 KiB): a flush of one
    // chunk returns at once while the previous one is still being sent, so reading the file and
    // sending it overlap. Measured against 16, 64, 128 KiB and 1 MiB chunks on 1 MiB files.
    private const int ChunkSize = 32 * 1024;
    // Below this a copy costs less than the extra system calls of a zero-copy send.
    private const long ZeroCopyMinimum = 64 * 1024;
    private static readonly StringValues Bytes = "bytes";
    private static readonly StringValues AcceptEncodingName = "Accept-Encoding";
    private static readonly StringValues GetAndHead = "GET, HEAD";
    // One boundary per process: it only has to be absent from the parts' headers, and is long and random enough not to occur in content.
    private static readonly string Boundary = "wharf-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));
    private static readonly StringValues MultipartType = "multipart/byteranges; boundary=" + Boundary;

    public static bool IsGetOrHead(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method);

    /// <summary>405 with Allow, as IIS's StaticFile handler answers a method it does not serve.</summary>
    public static Task MethodNotAllowedAsync(HttpContext context, StaticSite site)
    {
        context.Response.Headers.Allow = GetAndHead;
        return site.Errors.SendAsync(context, StatusCodes.Status405MethodNotAllowed);
    }

    public static Task ServeAsync(HttpContext context, StaticSite site, UrlEntry url, FileVersion version)
    {
        if (!IsGetOrHead(context.Request.Method)) return MethodNotAllowedAsync(context, site);
        return version.Bytes is null ? ServeFromDiskAsync(context, site, url, version) : Respond(context, site, url, version, handle: null);
    }

    private static async Task ServeFromDiskAsync(HttpContext context, StaticSite site, UrlEntry url, FileVersion version)
    {
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(version.RealPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await site.Errors.SendAsync(context, StatusCodes.Status404NotFound);
            return;
        }
        using (handle)
        {
            // Validators and length must describe the bytes this handle reads, not what the cache saw up to a second ago.
            var length = RandomAccess.GetLength(handle);
            var lastWrite = File.GetLastWriteTimeUtc(handle);
            if (!version.IsSameFile(length, lastWrite)) version = new FileVersion(version.RealPath, length, lastWrite, bytes: null, kept: false);
            try
            {
                await Respond(context, site, url, version, handle);
            }
            catch (IOException e) when (!context.RequestAborted.IsCancellationRequested)
            {
                await site.FailAsync(context, context.Request.Path.Value ?? "", e);
            }
        }
    }

    private static Task Respond(HttpContext context, StaticSite site, UrlEntry url, FileVersion version, SafeFileHandle? handle)
    {
        var request = context.Request;
        var response = context.Response;
        var headers = request.Headers;
        var head = HttpMethods.IsHead(request.Method);
        // RFC 9110 section 14.2: Range is defined for GET only.
        var range = head ? StringValues.Empty : headers.Range;

        var compressible = url.Compressible && version.Length >= site.MinCompressSize && site.CompressionTypes.Length != 0;
        CompressedForm? form = null;
        if (compressible && range.Count == 0)
        {
            // Ranges are served from the identity form only, so a range always means the same bytes.
            var coding = AcceptEncoding.Negotiate(headers.AcceptEncoding);
            if (coding != ContentCoding.Identity) form = version.Compressed(coding, site.Files);
        }
        var etag = form?.ETag ?? version.ETag;

        var responseHeaders = response.Headers;
        var ifMatch = headers.IfMatch;
        var ifNoneMatch = headers.IfNoneMatch;
        var ifModifiedSince = headers.IfModifiedSince;
        var ifUnmodifiedSince = headers.IfUnmodifiedSince;
        if (ifMatch.Count + ifNoneMatch.Count + ifModifiedSince.Count + ifUnmodifiedSince.Count != 0)
        {
            switch (Preconditions.Evaluate(ifMatch, ifUnmodifiedSince, ifNoneMatch, ifModifiedSince, etag, version.LastModified))
            {
                case Precondition.Failed:
                    return site.Errors.SendAsync(context, StatusCodes.Status412PreconditionFailed);
                case Precondition.NotModified:
                    // RFC 9110 section 15.4.5: the validators and caching headers a 200 would have had, no content.
                    response.StatusCode = StatusCodes.Status304NotModified;
                    SetCaching(responseHeaders, site, version, form, compressible);
                    return Task.CompletedTask;
            }
        }

        ByteRange[]? ranges = null;
        if (range.Count == 1 && Preconditions.RangeApplies(headers.IfRange, version.ETag, version.LastModified))
        {
            switch (ByteRanges.Parse(range.ToString(), version.Length, out var parsed))
            {
                case RangeOutcome.Unsatisfiable:
                    responseHeaders.ContentRange = "bytes */" + version.Length.ToString(CultureInfo.InvariantCulture);
                    return site.Errors.SendAsync(context, StatusCodes.Status416RangeNotSatisfiable);
                case RangeOutcome.Satisfiable:
                    ranges = parsed;
                    break;
            }
        }

        SetCaching(responseHeaders, site, version, form, compressible);
        responseHeaders.AcceptRanges = Bytes;
        if (ranges is not null) return SendRangesAsync(context, url, version, handle, ranges, head);

        responseHeaders.ContentType = url.ContentType;
        if (form is not null)
        {
            responseHeaders.ContentEncoding = form.ContentEncoding;
            response.ContentLength = form.ContentLength;
            return head ? Task.CompletedTask : Write(response, form.Bytes);
        }
        response.ContentLength = version.ContentLength;
        if (head) return Task.CompletedTask;
        return version.Bytes is { } bytes ? Write(response, bytes) : SendFromDiskAsync(response, handle!, [new ByteRange(0, version.Length)], null, context.RequestAborted);
    }

    private static void SetCaching(IHeaderDictionary headers, StaticSite site, FileVersion version, CompressedForm? form, bool compressible)
    {
        headers.LastModified = version.LastModifiedHeader;
        headers.ETag = form?.ETagHeader ?? version.ETagHeader;
        if (site.CacheControl.Count != 0) headers.CacheControl = site.CacheControl;
        // The answer depends on Accept-Encoding whenever a compressed form could have been chosen.
        if (compressible) headers.Vary = AcceptEncodingName;
    }

    private static Task Write(HttpResponse response, ReadOnlyMemory<byte> bytes)
    {
        var write = response.BodyWriter.WriteAsync(bytes);
        RequestInProgress.Of(response.HttpContext)?.Add(bytes.Length);
        if (write.IsCompletedSuccessfully) return Task.CompletedTask;
        return write.AsTask();
    }

    private static Task SendRangesAsync(HttpContext context, UrlEntry url, FileVersion version, SafeFileHandle? handle, ByteRange[] ranges, bool head)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status206PartialContent;
        var total = version.Length.ToString(CultureInfo.InvariantCulture);
        if (ranges.Length == 1)
        {
            var only = ranges[0];
            response.Headers.ContentType = url.ContentType;
            response.Headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes {only.From}-{only.To}/{total}");
            response.ContentLength = only.Length;
            if (head) return Task.CompletedTask;
            return version.Bytes is { } bytes
                ? Write(response, bytes.AsMemory(checked((int)only.From), checked((int)only.Length)))
                : SendFromDiskAsync(response, handle!, ranges, null, context.RequestAborted);
        }

        // RFC 9110 section 14.6: multipart/byteranges, each part with its own Content-Type and Content-Range.
        var parts = new byte[ranges.Length][];
        long length = 0;
        for (var i = 0; i < ranges.Length; i++)
        {
            var r = ranges[i];
            parts[i] = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
                $"\r\n--{Boundary}\r\nContent-Type: {url.ContentType}\r\nContent-Range: bytes {r.From}-{r.To}/{total}\r\n\r\n"));
            length += parts[i].Length + r.Length;
        }
        var end = Encoding.ASCII.GetBytes($"\r\n--{Boundary}--\r\n");
        length += end.Length;
        response.Headers.ContentType = MultipartType;
        response.ContentLength = length;
        if (head) return Task.CompletedTask;
        if (version.Bytes is { } content)
        {
            // A cached file is small: the whole answer in one buffer, one write.
            var whole = new byte[length];
            var at = 0;
            for (var i = 0; i < ranges.Length; i++)
            {
                parts[i].CopyTo(whole, at);
                at += parts[i].Length;
                content.AsSpan(checked((int)ranges[i].From), checked((int)ranges[i].Length)).CopyTo(whole.AsSpan(at));
                at += checked((int)ranges[i].Length);
            }
            end.CopyTo(whole, at);
            return Write(response, whole);
        }
        return SendFromDiskAsync(response, handle!, ranges, (parts, end), context.RequestAborted);
    }

    /// <summary>Reads the ranges from disk straight into the response's buffers (no copy in between), flushing per chunk so Kestrel's back-pressure holds.</summary>
    private static async Task SendFromDiskAsync(HttpResponse response, SafeFileHandle handle, ByteRange[] ranges, (byte[][] Parts, byte[] End)? multipart, CancellationToken aborted)
    {
        // A large body on plain HTTP/1.x goes out by sendfile, as nginx sends it: no copy through
        // this process at all. Elsewhere (TLS, HTTP/2, a bandwidth limit) it is copied below.
        // Counted as it goes, for a drain's report of what this request has sent.
        var progress = RequestInProgress.Of(response.HttpContext);
        if (multipart is null && ranges.Length == 1 && ranges[0].Length >= ZeroCopyMinimum
            && await ZeroCopyFile.SendAsync(response.HttpContext, handle, ranges[0].From, ranges[0].Length, progress?.Adder))
            return;

        // Headers first, so that the buffers asked for below are the connection's own.
        await response.StartAsync(aborted);
        var writer = response.BodyWriter;
        for (var i = 0; i < ranges.Length; i++)
        {
            if (multipart is { } m) writer.Write(m.Parts[i]);
            var position = ranges[i].From;
            var remaining = ranges[i].Length;
            while (remaining > 0)
            {
                var memory = writer.GetMemory((int)Math.Min(remaining, ChunkSize));
                if (memory.Length > remaining) memory = memory[..(int)remaining];
                var read = RandomAccess.Read(handle, memory.Span, position);
                if (read == 0) throw new IOException("the file became shorter while it was sent");
                writer.Advance(read);
                position += read;
                remaining -= read;
                var flushed = await writer.FlushAsync(aborted);
                progress?.Add(read);
                if (flushed.IsCanceled || flushed.IsCompleted) return;
            }
        }
        if (multipart is { } done)
        {
            writer.Write(done.End);
            await writer.FlushAsync(aborted);
        }
    }
}
