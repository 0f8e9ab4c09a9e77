using Wharf.Hosting.Control.Pools;

namespace Wharf.Www.Pools;

/// <summary>
/// The requests one worker is serving, and those an error from it cut in the last seconds: what the
/// supervisor's crash or kill event names (<see cref="InFlightRequest"/>). A crash fails its requests
/// before the supervisor asks, so they are kept a little after they end.
/// </summary>
internal sealed class InFlightRegistry(TimeProvider time)
{
    /// <summary>Long enough for the supervisor to see the exit and ask; short enough to name only this crash's requests.</summary>
    public static readonly TimeSpan CutKeptFor = TimeSpan.FromSeconds(10);

    /// <summary>A URL longer than this is cut, so that a client cannot make the event log line huge.</summary>
    public const int MaxUrlLength = 512;

    private readonly Lock _lock = new();
    private readonly HashSet<Entry> _running = [];
    private readonly Queue<(Entry Entry, long EndedAt)> _cut = new();

    public Entry Add(string method, string url, string client) => Add(new Entry(method, url, client, time.GetTimestamp()));

    /// <summary>As a forwarded request is kept: its URL and client are written out only if someone asks.</summary>
    public Entry Add(Microsoft.AspNetCore.Http.HttpContext context) => Add(new Entry(context, time.GetTimestamp()));

    public Entry Add(string method, string path, string? query, System.Net.IPAddress? address, int port) =>
        Add(new Entry(method, path, query, address, port, time.GetTimestamp()));

    private Entry Add(Entry entry)
    {
        lock (_lock) _running.Add(entry);
        return entry;
    }

    /// <summary>The request ended normally (or the client left): it is forgotten.</summary>
    public void Done(Entry entry)
    {
        lock (_lock) _running.Remove(entry);
    }

    /// <summary>The worker's end (or another error from it) cut the request: it is named for a while.</summary>
    public void Cut(Entry entry)
    {
        var now = time.GetTimestamp();
        lock (_lock)
        {
            _running.Remove(entry);
            entry.EndedAt = now;
            _cut.Enqueue((entry, now));
            Prune(now);
        }
    }

    public int Running
    {
        get { lock (_lock) return _running.Count; }
    }

    /// <summary>Those running, then those cut in the last <see cref="CutKeptFor"/>, oldest first.</summary>
    public IReadOnlyList<InFlightRequest> Snapshot()
    {
        var now = time.GetTimestamp();
        lock (_lock)
        {
            Prune(now);
            return
            [
                .. _running.OrderBy(e => e.StartedAt).Select(e => e.ToWire(time, now)),
                .. _cut.Select(c => c.Entry.ToWire(time, c.EndedAt)),
            ];
        }
    }

    private void Prune(long now)
    {
        while (_cut.Count > 0 && time.GetElapsedTime(_cut.Peek().EndedAt, now) > CutKeptFor) _cut.Dequeue();
    }

    /// <summary>"203.0.113.9:50211", "[2001:db8::1]:50211".</summary>
    internal static string ClientOf(System.Net.IPAddress? address, int port)
    {
        var text = ForwardedHeaders.ClientAddress(address) ?? "?";
        return text.Contains(':') ? $"[{text}]:{port}" : $"{text}:{port}";
    }

    internal static string Bound(string url) => url.Length <= MaxUrlLength ? url : string.Concat(url.AsSpan(0, MaxUrlLength - 3), "...");

    internal sealed class Entry
    {
        private readonly Microsoft.AspNetCore.Http.PathString _path;
        private readonly Microsoft.AspNetCore.Http.QueryString _query;
        private readonly System.Net.IPAddress? _address;
        private readonly int _port;
        private string? _url;
        private string? _client;

        public Entry(string method, string url, string client, long startedAt)
        {
            Method = method;
            _url = Bound(url);
            _client = client;
            StartedAt = startedAt;
        }

        /// <summary>A lane request: the strings are made only if someone asks, as for a Kestrel one.</summary>
        public Entry(string method, string path, string? query, System.Net.IPAddress? address, int port, long startedAt)
        {
            Method = method;
            _path = new Microsoft.AspNetCore.Http.PathString(path);
            _query = new Microsoft.AspNetCore.Http.QueryString(query);
            _address = address;
            _port = port;
            StartedAt = startedAt;
        }

        // Most requests end unasked: the strings a crash report needs are not made for them.
        public Entry(Microsoft.AspNetCore.Http.HttpContext context, long startedAt)
        {
            var request = context.Request;
            Method = request.Method;
            _path = request.Path;
            _query = request.QueryString;
            _address = context.Connection.RemoteIpAddress;
            _port = context.Connection.RemotePort;
            StartedAt = startedAt;
        }

        public string Method { get; }
        public string Url => _url ??= Bound(_path.ToUriComponent() + _query.ToUriComponent());
        public string Client => _client ??= ClientOf(_address, _port);
        public long StartedAt { get; }
        public long EndedAt { get; set; }

        public InFlightRequest ToWire(TimeProvider time, long until) => new()
        {
            Method = Method,
            Url = Url,
            Client = Client,
            ElapsedMs = (long)time.GetElapsedTime(StartedAt, until).TotalMilliseconds,
        };
    }
}
