using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Wharf.Config.Model;
using Wharf.Hosting.Control.Pools;

namespace Wharf.Www.Pools;

/// <summary>
/// www's side of the application pools that have workers: each pool's queue and row of the
/// supervisor's table, and each worker by id with its client and counts. The configuration says
/// which pools forward (<see cref="Configure"/>); the supervisor's table says which workers take
/// requests (<see cref="OnWorkers"/>), replaced whole at each change.
/// </summary>
internal sealed class PoolRequests : IDisposable
{
    /// <summary>A worker gone from the table is kept this long (its counts, its cut requests), then its client is closed.</summary>
    public static readonly TimeSpan GoneWorkerKeptFor = TimeSpan.FromSeconds(60);

    private readonly TimeProvider _time;
    private readonly Action<PoolReport> _report;
    private readonly Lock _lock = new();
    private readonly ConcurrentDictionary<string, PoolEntry> _pools = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, WorkerSlot> _workers = new(StringComparer.Ordinal);
    private IReadOnlyList<PoolRoute> _table = [];

    public PoolRequests(TimeProvider time, Action<PoolReport> report)
    {
        _time = time;
        _report = report;
    }

    /// <summary>The pool's entry when its applications' requests go to workers; null when www serves them itself.</summary>
    public PoolEntry? Find(string pool) => _pools.GetValueOrDefault(pool);

    public bool Forwards(string pool) => _pools.ContainsKey(pool);

    /// <summary>From each configuration version: the pools with a program get (or keep) their queue; the others' queues close.</summary>
    public void Configure(IEnumerable<AppPoolConfig> pools)
    {
        lock (_lock)
        {
            var kept = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var pool in pools.Where(p => p.HasWorkers))
            {
                if (!kept.Add(pool.Name)) continue;
                if (_pools.TryGetValue(pool.Name, out var entry))
                {
                    entry.Config = pool;
                    entry.Queue.Settings = QueueSettings.From(pool);
                }
                else
                {
                    var name = pool.Name;
                    entry = new PoolEntry(pool, new PoolQueue(QueueSettings.From(pool), _time,
                        () => _report(new PoolReport { Kind = PoolReportKind.Demand, Pool = name })));
                    _pools[pool.Name] = entry;
                }
                Refresh(entry);
            }
            foreach (var gone in _pools.Keys.Where(k => !kept.Contains(k)).ToList())
                if (_pools.TryRemove(gone, out var entry))
                {
                    // Requests that still wait get 503; new ones are served by www itself (the site table no longer forwards them).
                    entry.Queue.SetWorkers([], workerComing: false, closed: true);
                    entry.Queue.Dispose();
                }
        }
    }

    /// <summary>The supervisor's whole table, at each change.</summary>
    public void OnWorkers(IReadOnlyList<PoolRoute> table)
    {
        lock (_lock)
        {
            _table = table;
            var now = _time.GetTimestamp();
            var listed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var route in table)
                foreach (var worker in route.Workers)
                {
                    listed.Add(worker.Id);
                    var slot = _workers.GetOrAdd(worker.Id, _ => new WorkerSlot(route.Pool, worker, _time, RecycleAsked));
                    slot.LeftTableAt = null;
                }
            foreach (var (id, slot) in _workers)
            {
                if (listed.Contains(id)) continue;
                slot.LeftTableAt ??= now;
                if (slot.InFlight == 0 && _time.GetElapsedTime(slot.LeftTableAt.Value, now) > GoneWorkerKeptFor && _workers.TryRemove(id, out _))
                    slot.Dispose();
            }
            foreach (var entry in _pools.Values) Refresh(entry);
        }
    }

    /// <summary>What the worker was serving, and what an error from it cut in the last seconds.</summary>
    public IReadOnlyList<InFlightRequest> WorkerRequests(string worker) =>
        _workers.TryGetValue(worker, out var slot) ? slot.Requests.Snapshot() : [];

    /// <summary>
    /// The figures the supervisor reads for status: <c>workers</c> (served and in flight, by id)
    /// and <c>pools</c> (requests waiting, by name).
    /// </summary>
    public void AddFigures(JsonObject figures)
    {
        var workers = new JsonObject();
        foreach (var (id, slot) in _workers.OrderBy(w => w.Key, StringComparer.Ordinal))
            workers[id] = new JsonObject { ["served"] = slot.Served, ["inFlight"] = slot.InFlight };
        var pools = new JsonObject();
        foreach (var (name, entry) in _pools.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase))
            pools[name] = new JsonObject { ["queue"] = entry.Queue.Waiting };
        figures["workers"] = workers;
        figures["pools"] = pools;
    }

    /// <summary>A request finished on <paramref name="worker"/>: counted, and its pool's request limit reported once.</summary>
    public void Served(PoolEntry pool, WorkerSlot worker)
    {
        if (worker.CountServed(pool.Config.Recycling.PeriodicRestart.Requests))
            _report(new PoolReport { Kind = PoolReportKind.RequestsReached, Pool = pool.Name, Worker = worker.Id, Detail = $"{worker.Served} requests" });
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var entry in _pools.Values) entry.Queue.Dispose();
            foreach (var slot in _workers.Values) slot.Dispose();
        }
    }

    private void RecycleAsked(WorkerSlot worker, string value)
    {
        if (!worker.FirstRecycleAsk()) return;
        _report(new PoolReport { Kind = PoolReportKind.WorkerAsked, Pool = worker.Pool, Worker = worker.Id, Detail = value });
    }

    // Under the lock: the pool's row of the table decides which workers take requests.
    private void Refresh(PoolEntry entry)
    {
        var route = _table.FirstOrDefault(r => string.Equals(r.Pool, entry.Name, StringComparison.OrdinalIgnoreCase));
        entry.Route = route;
        var workers = route?.Workers ?? [];
        WorkerSlot[] active = [.. workers.Where(w => w.Role == WorkerRole.Active).Select(w => _workers[w.Id])];
        // A warming worker will take requests soon: no need to ask for another.
        var coming = workers.Any(w => w.Role == WorkerRole.Warming);
        entry.Queue.SetWorkers(active, coming, closed: entry.Refuses);
    }
}
