using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Wharf.Config.Model;
using Wharf.Hosting;
using Wharf.Hosting.Control.Pools;
using Wharf.Www.Pools.Offline;
using Yarp.ReverseProxy.Forwarder;

namespace Wharf.Www.Pools;

/// <summary>
/// Everything www keeps for the application pools, made once per process: the request path to
/// workers (<see cref="Requests"/>, <see cref="Forwarder"/>) and what it shares with the watchers
/// (<see cref="Activity"/>, <see cref="Offline"/>). <see cref="WwwService"/> holds one and passes
/// the supervisor's words on to it.
/// </summary>
internal sealed class WwwPools : IDisposable
{
    private readonly TimeProvider _time;
    private Action<PoolReport> _report = static _ => { };
    private ServiceProvider? _yarp;

    public WwwPools(TimeProvider time)
    {
        _time = time;
        Activity = new PoolActivity(time);
        Offline = new AppOffline();
        Requests = new PoolRequests(time, report => Volatile.Read(ref _report)(report));
    }

    public PoolActivity Activity { get; }

    public AppOffline Offline { get; }

    public PoolRequests Requests { get; }

    /// <summary>Null before <see cref="Start"/>: until then no site forwards.</summary>
    public PoolForwarder? Forwarder { get; private set; }

    /// <summary>Before the first site table is built, so that it can forward.</summary>
    public void Start(ServiceContext context)
    {
        Volatile.Write(ref _report, context.ReportPool);
        // YARP's forwarder is made by its own small container, apart from Kestrel's host, with the service's loggers.
        var services = new ServiceCollection();
        services.AddLogging();
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(new QuietLoggerFactory(context.LoggerFactory)));
        services.AddHttpForwarder();
        _yarp = services.BuildServiceProvider();
        Forwarder = new PoolForwarder(Requests, _yarp.GetRequiredService<IHttpForwarder>(), Activity, Offline, _time,
            context.LoggerFactory.CreateLogger("wharf.www.pools"));
        Requests.Configure(context.Config.ApplicationPools);
    }

    /// <summary>Each configuration version, before its site table is built.</summary>
    public void Configure(WharfConfig config) => Requests.Configure(config.ApplicationPools);

    public void OnWorkers(IReadOnlyList<PoolRoute> table) => Requests.OnWorkers(table);

    public IReadOnlyList<InFlightRequest> WorkerRequests(string worker) => Requests.WorkerRequests(worker);

    public JsonObject Figures()
    {
        var figures = new JsonObject();
        Requests.AddFigures(figures);
        return figures;
    }

    public void Dispose()
    {
        Requests.Dispose();
        _yarp?.Dispose();
    }
}
