using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wharf.Config.Model;
using Wharf.Hosting;
using Wharf.Hosting.Control;
using Wharf.Hosting.Control.Pools;
using Wharf.Hosting.Kestrel;
using Wharf.Hosting.Kestrel.ZeroCopy;
using Wharf.Hosting.Tls;
using Wharf.Www.Drain;
using Wharf.Www.Limits;
using Wharf.Www.Logging;
using Wharf.Www.Pools;
using Wharf.Www.Pools.Health;
using Wharf.Www.Pools.Lane;
using Wharf.Www.Routing;
using Wharf.Www.Tls;

namespace Wharf.Www;

/// <summary>
/// The www service: Kestrel on the inherited listeners, requests routed to sites by binding,
/// static content per site, configuration applied in place, and a graceful drain on stop.
/// </summary>
internal sealed class WwwService : IWharfService
{
    // Past the deadline Kestrel aborts what is left; application code that ignores the abort is
    // not waited for longer than this, since the supervisor may kill the process by then.
    private static readonly TimeSpan AbortAllowance = TimeSpan.FromSeconds(1);

    private readonly Func<HttpContext, RequestDelegate, Task>? _requestHook;
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly ConnectionTracker _tracker;
    // One MIME map for every site and snapshot: it is a large dictionary and never changes.
    private readonly FileExtensionContentTypeProvider _contentTypes = new();

    private ServiceContext? _context;
    private ILogger _log = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
    private IReadOnlyList<ListenerSpec> _listenerSpecs = [];
    private WebApplication? _app;
    private InheritedListenerFactory? _listeners;
    private SiteRouter? _router;
    private IReadOnlySet<string> _httpsListeners = new HashSet<string>();
    private SniSelector? _tls;
    private CertificateEvents? _certificateEvents;
    // Per-site limits and W3C logs, kept by site id across configuration versions.
    private W3cLogWriter? _logs;
    private SiteRuntimes? _runtimes;
    // Application pools: the request path to workers, and what the watchers share with it.
    private readonly WwwPools _pools;
    // Health and warm-up requests, idleness and app_offline.htm: from start to the first step of stop.
    private PoolWatchers? _poolWatchers;
    // www's own HTTP/1.1 path on plain listeners that forward to workers; set before Kestrel binds.
    private ForwardingLane? _lane;
    private IReadOnlySet<string> _laneListeners = new HashSet<string>();
    private LaneWatch? _laneWatch;

    public WwwService() : this(requestHook: null) { }

    /// <param name="requestHook">Runs before routing; tests hold a request in flight with it.</param>
    internal WwwService(Func<HttpContext, RequestDelegate, Task>? requestHook)
    {
        _requestHook = requestHook;
        _tracker = new ConnectionTracker(_time);
        _pools = new WwwPools(_time);
    }

    /// <summary>Completes once this process accepts no more connections (the first step of a stop).</summary>
    internal Task AcceptStopped => _listeners?.AcceptStopped ?? Task.CompletedTask;

    internal SiteTable? Sites => _router?.Current;

    /// <summary>Requests www's forwarding lane answered without Kestrel's HTTP layer.</summary>
    internal long LaneServed => _lane?.Served ?? 0;

    /// <summary>The pools' request path and what the watchers share with it (activity, app_offline.htm).</summary>
    internal WwwPools Pools => _pools;

    /// <summary>Why the last drain ended: what tests check instead of timing it.</summary>
    internal DrainOutcome? LastDrainOutcome { get; private set; }

    public async Task StartAsync(ServiceContext context, CancellationToken cancellationToken)
    {
        _context = context;
        _log = context.LoggerFactory.CreateLogger("wharf.www");
        _poolWatchers = new PoolWatchers(_time, _pools.Activity, _pools.Offline, context.Root, context.ReportPool, _log);
        _poolWatchers.Apply(context.Config);
        _listenerSpecs = WwwListeners.For(context.Config);
        CheckListeners(context);

        // Kestrel with no endpoint would listen on localhost:5000 of its own accord.
        if (context.Listeners.Count == 0)
        {
            WwwLog.Started(_log, context.Config.Sites.Count, "no listener", context.ConfigVersion);
            return;
        }

        _httpsListeners = WwwListeners.Https(context.Config);
        _certificateEvents = new CertificateEvents(_log, context.ReportEvent);
        // A certificate that cannot be loaded fails the start, naming site, binding and file.
        var tls = new SniSelector(CertificateStore.Build(context.Config, context.Root, previous: null, _time, _certificateEvents), TlsPolicy.From(context.Config.Tls));

        // Decided when www starts: a reset re-decides after a site moves into or out of a pool.
        var forwarding = WwwListeners.Forwarding(context.Config);
        _laneListeners = forwarding.Where(name => !_httpsListeners.Contains(name)).ToHashSet();
        var plainFds = context.Listeners.Where(l => !_httpsListeners.Contains(l.Key) && !forwarding.Contains(l.Key)).Select(l => (ulong)l.Value).ToHashSet();
        var listeners = new InheritedListenerFactory(context.LoggerFactory, zeroCopyFiles: plainFds.Contains);
        var app = BuildHost(context, listeners, tls);
        _logs = new W3cLogWriter(_time, _log, context.ReportEvent);
        _runtimes = new SiteRuntimes(context.Root, _logs, _time);
        _pools.Start(context);
        var router = new SiteRouter(SiteTable.Build(
            context.Config, context.ConfigVersion, context.Root, _contentTypes, _log, _runtimes, _pools.Forwarder));

        if (_laneListeners.Count > 0)
        {
            _laneWatch = new LaneWatch(_time);
            var kestrelLimits = app.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;
            var laneForwarder = new LaneForwarder(router, _tracker, _pools.Requests, _pools.Activity, _pools.Offline, _time,
                context.LoggerFactory.CreateLogger("wharf.www.pools"));
            _lane = new ForwardingLane(laneForwarder, kestrelLimits, _laneWatch);
        }

        app.Use(_tracker.TrackRequestAsync);
        if (_requestHook is not null) app.Use(_requestHook);
        app.Run(router.DispatchAsync);

        _listeners = listeners;
        _router = router;
        _tls = tls;
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        // Only a started host is drained by StopAsync; a failed start ends the process anyway.
        _app = app;
        WwwLog.Started(_log, context.Config.Sites.Count, string.Join(", ", context.Listeners.Keys), context.ConfigVersion);
    }

    public Task<ApplyResult> ApplyAsync(WharfConfig config, long version, CancellationToken cancellationToken)
    {
        var context = _context ?? throw new InvalidOperationException("The www service has not started");
        var specs = WwwListeners.For(config);
        if (!specs.SequenceEqual(_listenerSpecs) || !WwwListeners.Https(config).SetEquals(_httpsListeners))
        {
            WwwLog.RestartNeeded(_log, version, Names(_listenerSpecs), Names(specs));
            return Task.FromResult(ApplyResult.RestartNeeded);
        }

        // Built before the swap, so requests never see a half-made snapshot; connections and
        // requests in progress are untouched (a request keeps the snapshot it started with).
        if (_router is not null && _app is not null && _tls is not null)
        {
            // A certificate that cannot be loaded fails the apply (CertificateLoadException, with
            // site, binding and file) before anything is swapped: the old certificates keep serving.
            var certificates = CertificateStore.Build(config, context.Root, _tls.Current, _time, _certificateEvents!);
            _pools.Configure(config);
            var sites = SiteTable.Build(config, version, context.Root, _contentTypes, _log, _runtimes, _pools.Forwarder);
            ServerLimits.Apply(_app.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits, config);
            _tls.Swap(certificates, _tls.Policy.With(config.Tls));
            _router.Swap(sites);
        }
        _poolWatchers?.Apply(config);
        WwwLog.Applied(_log, version, config.Sites.Count);
        return Task.FromResult(ApplyResult.Applied);
    }

    public async Task StopAsync(DateTimeOffset deadline)
    {
        // The new process (or none) watches from here: no probe or timer outlives the stop.
        var watchers = Interlocked.Exchange(ref _poolWatchers, null);
        if (watchers is not null) await watchers.DisposeAsync().ConfigureAwait(false);

        var app = Interlocked.Exchange(ref _app, null);
        if (app is null || _listeners is null)
        {
            await StopLogsAsync().ConfigureAwait(false);
            return;
        }

        // Draining before unbinding, so that a connection accepted in the race also gets
        // Connection: close on its first response.
        _tracker.BeginDrain();
        await _listeners.StopAcceptingAsync().ConfigureAwait(false);
        WwwLog.DrainStarted(_log, _tracker.Connections, _tracker.Requests);

        var drainStart = _time.GetTimestamp();
        var outcome = await _tracker.WaitUntilQuietAsync(deadline).ConfigureAwait(false);
        LastDrainOutcome = outcome;
        WwwLog.DrainEnded(_log, outcome, (long)_time.GetElapsedTime(drainStart).TotalMilliseconds, _tracker.Connections, _tracker.Requests);

        // Kestrel's own shutdown does the rest with the time left: it closes idle HTTP/1.x
        // connections, lets busy ones finish, sends HTTP/2 GOAWAY, and aborts at the deadline.
        var left = deadline - _time.GetUtcNow();
        if (left < TimeSpan.Zero) left = TimeSpan.Zero;
        using var abortAtDeadline = new CancellationTokenSource(left, _time);
        try
        {
            await app.StopAsync(abortAtDeadline.Token).WaitAsync(left + AbortAllowance, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Disposing now would wait on the same stuck requests; the process is about to exit.
            WwwLog.StopOverran(_log, _tracker.Requests);
            await StopLogsAsync().ConfigureAwait(false);
            return;
        }
        await app.DisposeAsync().ConfigureAwait(false);
        _listeners.Dispose();
        _laneWatch?.Dispose();
        _pools.Dispose();
        // Last: every request that finished has put its entry in the queue by now.
        await StopLogsAsync().ConfigureAwait(false);
    }

    private async Task StopLogsAsync()
    {
        var logs = Interlocked.Exchange(ref _logs, null);
        if (logs is not null) await logs.StopAsync().ConfigureAwait(false);
    }

    public ServiceFigures GetFigures() => new(_tracker.Connections, _pools.Figures(), _runtimes?.Figures());

    public void OnWorkers(IReadOnlyList<PoolRoute> pools)
    {
        _pools.OnWorkers(pools);
        _poolWatchers?.OnWorkers(pools);
    }

    public IReadOnlyList<InFlightRequest> WorkerRequests(string worker) => _pools.WorkerRequests(worker);

    public HoldingReport Holding() => _tracker.Holding();

    private WebApplication BuildHost(ServiceContext context, InheritedListenerFactory listeners, SniSelector tls)
    {
        var builder = SupervisedWebHost.CreateBuilder(context, listeners, (name, listen) =>
        {
            // Outside TLS, so a connection counts from accept, handshake included.
            listen.Use(_tracker.TrackConnections);
            // sendfile writes the file's bytes as they are: only where nothing encrypts them.
            // sendfile only where the output pipe pauses at one byte (InheritedListenerFactory), so a
            // file sent around the pipe never overtakes an earlier answer still in it: not on a
            // listener that forwards, whose pipe does not pause (and whose requests the lane reads).
            if (_httpsListeners.Contains(name)) listen.UseTls(tls.OnHandshakeAsync);
            else if (_laneListeners.Contains(name)) listen.Use(next => _lane!.Use(next));
            else listen.UseZeroCopyFiles();
        });
        // Kestrel's timeouts and request-line size are server-wide: set from every site's limits.
        builder.WebHost.ConfigureKestrel(kestrel => ServerLimits.Apply(kestrel.Limits, context.Config));
        return builder.Build();
    }

    private void CheckListeners(ServiceContext context)
    {
        foreach (var spec in _listenerSpecs)
            if (!context.Listeners.ContainsKey(spec.Name)) WwwLog.ListenerMissing(_log, spec.Name);
        foreach (var name in context.Listeners.Keys)
            if (!_listenerSpecs.Any(s => s.Name == name)) WwwLog.ListenerUnused(_log, name);
    }

    private static string Names(IEnumerable<ListenerSpec> specs) => string.Join(", ", specs.Select(s => s.Name));
}
