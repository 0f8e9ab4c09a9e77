using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wharf.Admin.Api;
using Wharf.Admin.HandEdits;
using Wharf.Admin.Http;
using Wharf.Config.Model;
using Wharf.Config.Store;
using Wharf.Hosting;
using Wharf.Hosting.Kestrel;

namespace Wharf.Admin;

/// <summary>
/// The admin service (IIS Admin): the only writer of the configuration store and the audit log,
/// answering the admin API on <c>run/admin.sock</c> and taking up edits of wharf.json by hand.
/// </summary>
/// <remarks>The endpoints are the services' admin API modules, as ServiceCatalog lists them.</remarks>
internal sealed class AdminService(IReadOnlyList<IAdminApiModule> apiModules) : IWharfService
{
    private WebApplication? _app;
    private InheritedListenerFactory? _listeners;
    private HandEditWatcher? _watcher;
    private ILogger? _log;

    public async Task StartAsync(ServiceContext context, CancellationToken cancellationToken)
    {
        var log = _log = context.LoggerFactory.CreateLogger("wharf.admin");
        var store = new ConfigStore(context.Root, TimeProvider.System);
        var commits = new CommitPipeline(context.AskSupervisor, log);
        var adoption = new FileAdoption(context.Root, store, commits, context.ReportEvent, log);
        var reconciliation = new StartupReconciliation(store, commits, context.AskSupervisor, context.ReportEvent, log);

        var listeners = new InheritedListenerFactory(context.LoggerFactory, static (socket, connection) =>
        {
            // Only run/admin.sock has a peer's Unix identity; HTTPS callers bring credentials instead.
            if (socket.AddressFamily != System.Net.Sockets.AddressFamily.Unix) return;
            var peer = PeerCredentials.Of(socket);
            connection.Features.Set(new PeerCredentialsFeature(peer, UnixAccounts.NameOf(peer.Uid)));
        });
        var remote = RemoteAccess.Create(context, store, log);
        var app = BuildHost(context, listeners, remote);
        app.Use(async (http, next) =>
        {
            try
            {
                await next(http).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException && !http.Response.HasStarted)
            {
                // A store that cannot be written (permissions, a full disk) is the administrator's to fix: say what and where.
                log.LogError(e, "{Method} {Path} failed", http.Request.Method, http.Request.Path);
                await ApiResults.Error(http, StatusCodes.Status500InternalServerError, e.Message).ConfigureAwait(false);
            }
        });
        app.Use(new AdminAuthentication(LocalAdminPolicy.ForServiceProcess(), remote.Credentials).InvokeAsync);
        remote.Map(app);
        var api = new AdminApiContext(context, store, commits, adoption);
        foreach (var module in apiModules) module.Map(app, api);
        app.MapFallback((RequestDelegate)(c => ApiResults.Error(c, StatusCodes.Status404NotFound, $"no such endpoint: {c.Request.Method} {c.Request.Path}; see docs/admin-api.md")));

        _listeners = listeners;
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;

        _watcher = new HandEditWatcher(context.Root.ConfigFile, adoption.RunAsync, log);
        // In the background: StartAsync returns and the process says ready while it runs (an apply
        // asks the supervisor, which may be waiting for this process's ready). The pipeline stays
        // closed until the reconciliation is done, so the API's commits, and the hand edit
        // adopted next, wait for it rather than race it.
        _ = Task.Run(async () =>
        {
            try
            {
                await reconciliation.RunAsync().ConfigureAwait(false);
                await adoption.RunAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                log.LogError(e, "Taking up the store at start failed");
            }
        }, CancellationToken.None);
        log.LogInformation("Admin API on {Listeners}, store version {Version}", string.Join(", ", context.Listeners.Keys), context.ConfigVersion);
    }

    public Task<ApplyResult> ApplyAsync(WharfConfig config, long version, CancellationToken cancellationToken) =>
        // The admin service reads the store afresh for every request; nothing to rebuild.
        Task.FromResult(ApplyResult.Applied);

    public async Task StopAsync(DateTimeOffset deadline)
    {
        // The next process takes up hand edits from now on.
        if (Interlocked.Exchange(ref _watcher, null) is { } watcher) await watcher.DisposeAsync().ConfigureAwait(false);
        var app = Interlocked.Exchange(ref _app, null);
        if (app is null || _listeners is null) return;
        await _listeners.StopAcceptingAsync().ConfigureAwait(false);
        var left = deadline - DateTimeOffset.UtcNow;
        using var abort = new CancellationTokenSource(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        try
        {
            await app.StopAsync(abort.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _log?.LogWarning("Requests still running at the deadline were cut");
        }
        await app.DisposeAsync().ConfigureAwait(false);
        _listeners.Dispose();
    }

    public ServiceFigures GetFigures() => new(0);

    private static WebApplication BuildHost(ServiceContext context, InheritedListenerFactory listeners, RemoteAccess remote)
    {
        var builder = SupervisedWebHost.CreateBuilder(context, listeners, remote.ConfigureListener);
        builder.Services.AddRoutingCore();
        return builder.Build();
    }
}
