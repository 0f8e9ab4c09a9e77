using System.Net;
using Wharf.Hosting.Control.Pools;
using Wharf.Www.Pools.Fast;

namespace Wharf.Www.Pools;

/// <summary>
/// One worker process as www holds it, kept by id across tables: where it listens, its client,
/// what it is serving, and its counts. <see cref="InFlight"/> and <see cref="Unusable"/> change
/// only under its pool's queue lock; the counts are atomic.
/// </summary>
internal sealed class WorkerSlot : IDisposable
{
    private readonly Lazy<HttpMessageInvoker> _client;
    private readonly Lazy<WorkerConnections> _connections;
    private readonly Action<WorkerSlot, string> _recycleAsked;
    private long _served;
    private int _requestsReachedSaid;
    private int _recycleAskedSaid;
    private int _inFlight;

    public WorkerSlot(string pool, WorkerRoute route, TimeProvider time, Action<WorkerSlot, string> recycleAsked)
    {
        Pool = pool;
        Id = route.Id;
        Pid = route.Pid;
        Endpoint = route.Endpoint;
        var endpoint = WorkerClient.ParseEndpoint(route.Endpoint);
        DestinationPrefix = WorkerClient.DestinationPrefix(endpoint);
        _client = new Lazy<HttpMessageInvoker>(() => WorkerClient.Create(endpoint));
        _connections = new Lazy<WorkerConnections>(() => new WorkerConnections(endpoint, time));
        _recycleAsked = recycleAsked;
        Requests = new InFlightRegistry(time);
        Transformer = new WorkerTransformer(AskRecycle);
    }

    public string Pool { get; }
    public string Id { get; }
    public int Pid { get; }
    public string Endpoint { get; }
    public string DestinationPrefix { get; }
    /// <summary>YARP's client, for what the fast path does not carry.</summary>
    public HttpMessageInvoker Client => _client.Value;

    /// <summary>The fast path's keep-alive connections.</summary>
    public WorkerConnections Connections => _connections.Value;
    public WorkerTransformer Transformer { get; }
    public InFlightRegistry Requests { get; }

    /// <summary>Requests sent to it and not yet finished (the queue's count, which decides where the next one goes).</summary>
    public int InFlight
    {
        get => Volatile.Read(ref _inFlight);
        set => Volatile.Write(ref _inFlight, value);
    }

    /// <summary>It refused a connection: it died and the table has not caught up. Nothing goes to it until the next table.</summary>
    public bool Unusable { get; set; }

    /// <summary>When it left the supervisor's table; null while it is in it.</summary>
    public long? LeftTableAt { get; set; }

    public long Served => Interlocked.Read(ref _served);

    /// <summary>Counts one request served; true once, when the count reaches <paramref name="limit"/> (0: no limit).</summary>
    public bool CountServed(long limit)
    {
        var served = Interlocked.Increment(ref _served);
        return limit > 0 && served >= limit && Interlocked.Exchange(ref _requestsReachedSaid, 1) == 0;
    }

    /// <summary>True the first time only: a worker asks to be recycled once, however many responses carry the header.</summary>
    public bool FirstRecycleAsk() => Interlocked.Exchange(ref _recycleAskedSaid, 1) == 0;

    /// <summary>A response carried the worker's recycle header with <paramref name="value"/>.</summary>
    public void AskRecycle(string value) => _recycleAsked(this, value);

    public void Dispose()
    {
        if (_client.IsValueCreated) _client.Value.Dispose();
        if (_connections.IsValueCreated) _connections.Value.Dispose();
    }

    public override string ToString() => $"{Id} (pid {Pid}, {Endpoint})";
}
