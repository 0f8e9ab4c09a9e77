using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Wharf.Config.Model;
using Wharf.Hosting.Control.Pools;
using Wharf.Www.Pools;

namespace Wharf.Www.Tests.Pools;

public sealed class PoolRequestsTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly List<PoolReport> _reports = [];
    private readonly PoolRequests _pools;

    public PoolRequestsTests() => _pools = new PoolRequests(_time, r => { lock (_reports) _reports.Add(r); });

    public void Dispose() => _pools.Dispose();

    private static AppPoolConfig Pool(string name, long requests = 0, AppPoolState state = AppPoolState.Started) => new()
    {
        Name = name,
        State = state,
        Program = new WorkerProgramConfig { Command = "/usr/bin/true" },
        Recycling = new AppPoolRecyclingConfig { PeriodicRestart = new PeriodicRestartConfig { Requests = requests } },
    };

    private static PoolRoute Route(string pool, PoolRouteState state = PoolRouteState.Running, params WorkerRoute[] workers) =>
        new() { Pool = pool, State = state, Workers = workers };

    [Fact]
    public void Only_pools_with_a_program_forward()
    {
        _pools.Configure([Pool("Shop"), new AppPoolConfig { Name = "DefaultAppPool" }]);
        Assert.True(_pools.Forwards("shop"));
        Assert.False(_pools.Forwards("DefaultAppPool"));
    }

    [Fact]
    public async Task Reaching_the_request_limit_is_reported_once_per_worker()
    {
        _pools.Configure([Pool("Shop", requests: 3)]);
        _pools.OnWorkers([Route("Shop", workers: PoolTestWorkers.Route("Shop#1"))]);
        var pool = _pools.Find("Shop")!;
        for (var i = 0; i < 5; i++)
        {
            var admitted = await pool.Queue.EnterAsync(_time.GetTimestamp(), default);
            pool.Queue.Leave(admitted.Worker!);
            _pools.Served(pool, admitted.Worker!);
        }
        var report = Assert.Single(_reports);
        Assert.Equal(PoolReportKind.RequestsReached, report.Kind);
        Assert.Equal("Shop#1", report.Worker);
        Assert.Equal("Shop", report.Pool);
    }

    [Fact]
    public async Task Figures_give_each_worker_its_counts_and_each_pool_its_queue()
    {
        _pools.Configure([Pool("Shop") with { MaxConcurrentRequestsPerWorker = 1 }]);
        _pools.OnWorkers([Route("Shop", workers: PoolTestWorkers.Route("Shop#1"))]);
        var pool = _pools.Find("Shop")!;
        var admitted = await pool.Queue.EnterAsync(_time.GetTimestamp(), default);
        _ = pool.Queue.EnterAsync(_time.GetTimestamp(), default);
        _pools.Served(pool, admitted.Worker!);

        var figures = new System.Text.Json.Nodes.JsonObject();
        _pools.AddFigures(figures);
        Assert.Equal(1, (long)figures["workers"]!["Shop#1"]!["served"]!);
        Assert.Equal(1, (int)figures["workers"]!["Shop#1"]!["inFlight"]!);
        Assert.Equal(1, (int)figures["pools"]!["Shop"]!["queue"]!);
    }

    [Fact]
    public async Task Only_active_workers_take_requests_and_draining_ones_keep_what_they_hold()
    {
        _pools.Configure([Pool("Shop")]);
        _pools.OnWorkers([Route("Shop", workers: PoolTestWorkers.Route("Shop#1"))]);
        var pool = _pools.Find("Shop")!;
        var held = await pool.Queue.EnterAsync(_time.GetTimestamp(), default);

        // A recycle: #2 warming, then active; #1 draining.
        _pools.OnWorkers([Route("Shop", workers: [PoolTestWorkers.Route("Shop#1", WorkerRole.Draining), PoolTestWorkers.Route("Shop#2", WorkerRole.Warming)])]);
        var waiting = pool.Queue.EnterAsync(_time.GetTimestamp(), default).AsTask();
        Assert.False(waiting.IsCompleted);
        Assert.Empty(_reports);

        _pools.OnWorkers([Route("Shop", workers: [PoolTestWorkers.Route("Shop#1", WorkerRole.Draining), PoolTestWorkers.Route("Shop#2")])]);
        Assert.Equal("Shop#2", (await waiting).Worker!.Id);
        Assert.Equal(1, held.Worker!.InFlight);
    }

    [Fact]
    public void A_pool_stopped_by_the_supervisor_or_the_configuration_refuses()
    {
        _pools.Configure([Pool("Shop"), Pool("Cart", state: AppPoolState.Stopped)]);
        _pools.OnWorkers([Route("Shop", PoolRouteState.RapidFailed), Route("Cart")]);
        Assert.True(_pools.Find("Shop")!.Refuses);
        Assert.True(_pools.Find("Cart")!.Refuses);
        _pools.OnWorkers([Route("Shop")]);
        Assert.False(_pools.Find("Shop")!.Refuses);
    }

    [Fact]
    public async Task A_worker_gone_from_the_table_still_names_the_requests_it_cut()
    {
        _pools.Configure([Pool("Shop")]);
        _pools.OnWorkers([Route("Shop", workers: PoolTestWorkers.Route("Shop#1"))]);
        var pool = _pools.Find("Shop")!;
        var worker = (await pool.Queue.EnterAsync(_time.GetTimestamp(), default)).Worker!;
        var entry = worker.Requests.Add("GET", "/slow", "127.0.0.1:4000");
        Assert.Equal("/slow", Assert.Single(_pools.WorkerRequests("Shop#1")).Url);

        worker.Requests.Cut(entry);
        pool.Queue.Leave(worker);
        _pools.OnWorkers([Route("Shop")]);
        Assert.Equal("/slow", Assert.Single(_pools.WorkerRequests("Shop#1")).Url);
        Assert.Empty(_pools.WorkerRequests("Shop#9"));
    }

    [Fact]
    public async Task The_recycle_header_is_taken_out_of_the_response_and_reported_once()
    {
        _pools.Configure([Pool("Shop")]);
        _pools.OnWorkers([Route("Shop", workers: PoolTestWorkers.Route("Shop#1"))]);
        var worker = (await _pools.Find("Shop")!.Queue.EnterAsync(_time.GetTimestamp(), default)).Worker!;
        for (var i = 0; i < 2; i++)
        {
            var context = new DefaultHttpContext();
            using var response = new HttpResponseMessage(System.Net.HttpStatusCode.OK);
            response.Headers.TryAddWithoutValidation(WorkerProgramConfig.RecycleHeader, "leaking");
            response.Headers.TryAddWithoutValidation("X-App", "kept");
            Assert.True(await worker.Transformer.TransformResponseAsync(context, response, default));
            Assert.False(context.Response.Headers.ContainsKey(WorkerProgramConfig.RecycleHeader));
            Assert.Equal("kept", context.Response.Headers["X-App"]);
        }
        var report = Assert.Single(_reports);
        Assert.Equal(PoolReportKind.WorkerAsked, report.Kind);
        Assert.Equal("Shop#1", report.Worker);
        Assert.Equal("leaking", report.Detail);
    }
}
