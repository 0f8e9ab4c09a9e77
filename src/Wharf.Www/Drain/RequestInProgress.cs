using Microsoft.AspNetCore.Http;
using Wharf.Hosting.Control;
using Wharf.Www.Limits;

namespace Wharf.Www.Drain;

/// <summary>
/// One request while it runs, for a drain's report: what was asked, and how many response body
/// bytes have gone out. Set as a feature of the request, so that whatever writes the body (the
/// static responder, the sendfile path, a bandwidth-limited body) can count what it sends.
/// </summary>
internal sealed class RequestInProgress
{
    // What the client asked, taken at the start: Kestrel reuses its request objects once a
    // request ends, and a report may be made from another thread at any moment.
    private readonly string _method;
    private readonly string? _pathBase;
    private readonly string? _path;
    private readonly string? _query;
    private long _bytes;
    private Action<long>? _add;

    public RequestInProgress(HttpRequest request, long startedAt)
    {
        _method = request.Method;
        _pathBase = request.PathBase.Value;
        _path = request.Path.Value;
        _query = request.QueryString.Value;
        StartedAt = startedAt;
    }

    /// <summary>A request the forwarding lane carries: no HttpRequest is made for it.</summary>
    public RequestInProgress(string method, string path, string? query, long startedAt)
    {
        _method = method;
        _path = path;
        _query = query;
        StartedAt = startedAt;
    }

    public long StartedAt { get; }

    /// <summary>Set when the site meters the body: its count is then the one that holds.</summary>
    public MeteredResponseBody? Metered { get; set; }

    public long BytesSent => Metered?.BytesWritten ?? Interlocked.Read(ref _bytes);

    public void Add(long bytes) => Interlocked.Add(ref _bytes, bytes);

    /// <summary><see cref="Add"/> as a delegate, made once, for senders that take a callback.</summary>
    public Action<long> Adder => _add ??= Add;

    public static RequestInProgress? Of(HttpContext context) => context.Features.Get<RequestInProgress>();

    public HeldEntry Describe(string client, TimeProvider time) => new()
    {
        Client = client,
        Method = _method,
        Url = string.Concat(_pathBase, _path, _query),
        BytesSent = BytesSent,
        Seconds = Math.Round(time.GetElapsedTime(StartedAt).TotalSeconds, 1),
    };
}
