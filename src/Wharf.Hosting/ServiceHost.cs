using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Wharf.Config;
using Wharf.Config.Model;
using Wharf.Hosting.Control;
using Wharf.Hosting.Native;

namespace Wharf.Hosting;

/// <summary>
/// The skeleton every service process runs on (`wharf service run NAME`): take the inherited
/// listeners and control channel, start the service, say ready, then answer the supervisor
/// until told to stop, or until the supervisor is gone.
/// </summary>
public static class ServiceHost
{
    // With the supervisor gone nobody will ever send stop: drain briefly, then exit.
    private static readonly TimeSpan OrphanDrain = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(ServiceDefinition definition, DataRoot root)
    {
        // A process-group leader, so the supervisor can end the service with everything it started.
        // The launch step has made it a session leader already, which refuses this (EPERM) and
        // needs it not; it stays for a service started some other way.
        Libc.setpgid(0, 0);
        try
        {
            return await RunAsLeaderAsync(definition, root).ConfigureAwait(false);
        }
        finally
        {
            // However the service ends (stop, SIGTERM, the supervisor gone, a throw), it takes what it started with it.
            ProcessGroup.EndOtherMembers();
        }
    }

    private static async Task<int> RunAsLeaderAsync(ServiceDefinition definition, DataRoot root)
    {

        using var loggerFactory = LoggerFactory.Create(b => b
            .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; })
            .SetMinimumLevel(LogLevel.Information)
            .AddFilter("Microsoft.AspNetCore", LogLevel.Warning));
        var log = loggerFactory.CreateLogger($"wharf.{definition.Name}");

        var controlFdText = Environment.GetEnvironmentVariable(EnvironmentNames.ControlFd);
        if (!int.TryParse(controlFdText, out var controlFd))
        {
            log.LogCritical("{Variable} is not set: a service runs only under `wharf serve`", EnvironmentNames.ControlFd);
            return ExitCodes.Usage;
        }
        Libc.SetInheritable(controlFd, false);
        var controlSocket = new Socket(new SafeSocketHandle(controlFd, ownsHandle: true));
        await using var channel = new JsonLineChannel<ControlMessage, ControlMessage>(
            new NetworkStream(controlSocket, ownsSocket: true),
            HostingJsonContext.Default.ControlMessage, HostingJsonContext.Default.ControlMessage);

        var configPath = Environment.GetEnvironmentVariable(EnvironmentNames.ConfigPath) ?? root.ConfigFile;
        long.TryParse(Environment.GetEnvironmentVariable(EnvironmentNames.ConfigVersion), out var version);
        var loaded = ConfigReader.Load(configPath);
        if (!loaded.IsValid)
        {
            log.LogCritical("Configuration {Path} is invalid: {Errors}", configPath, string.Join("; ", loaded.Errors));
            return ExitCodes.InvalidConfig;
        }

        var asks = new SupervisorRequests(channel);
        var listeners = InheritedListeners.TakeFromEnvironment();
        var service = definition.Create();
        var context = new ServiceContext
        {
            ServiceName = definition.Name,
            Root = root,
            Config = loaded.Config!,
            ConfigVersion = version,
            Listeners = listeners,
            LoggerFactory = loggerFactory,
            ReportEvent = (name, detail) => _ = SendQuietly(channel, new ControlMessage { Type = ControlMessageType.Event, Event = name, Detail = detail }),
            AskSupervisor = asks.AskAsync,
            AskSupervisorWithProgress = asks.AskAsync,
            ReportPool = report => _ = SendQuietly(channel, new ControlMessage { Type = ControlMessageType.PoolReport, PoolReport = report }),
        };

        using var terminate = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; terminate.Cancel(); });

        try
        {
            await service.StartAsync(context, terminate.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One line saying why, in the console log, in the supervisor's event log (start-failed)
            // and as the start's failure reason in `wharf reset /status`, rather than an unhandled
            // exception's stack trace and "exited before it was ready". Awaited, before the exit.
            log.LogCritical(e, "{Service} could not start: {Reason}", definition.Name, e.Message);
            await SendQuietly(channel, new ControlMessage { Type = ControlMessageType.Event, Event = EventName.StartFailed, Detail = e.Message }).ConfigureAwait(false);
            await SendQuietly(channel, new ControlMessage { Type = ControlMessageType.Failed, Detail = e.Message }).ConfigureAwait(false);
            return ExitCodes.Failed;
        }
        await channel.WriteAsync(new ControlMessage { Type = ControlMessageType.Ready }).ConfigureAwait(false);
        log.LogInformation("{Service} ready (pid {Pid}, configuration version {Version}, {Count} listener(s))",
            definition.Name, Environment.ProcessId, version, listeners.Count);

        // The drain runs beside this loop, not in it: a service's drain may wait for the answer to
        // a request it made of the supervisor (the admin service adopting a hand edit), and that
        // answer, like pings, arrives on this channel.
        Task? stopped = null;
        Task<ControlMessage?>? reading = null;
        while (true)
        {
            reading ??= channel.ReadAsync(terminate.Token);
            if (stopped is not null && await Task.WhenAny(reading, stopped).ConfigureAwait(false) == stopped)
            {
                log.LogInformation("{Service} stopped", definition.Name);
                return ExitCodes.Ok;
            }

            ControlMessage? message;
            try
            {
                message = await reading.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                if (stopped is not null) return await StoppedAsync(stopped).ConfigureAwait(false);
                log.LogInformation("{Service} got SIGTERM; stopping", definition.Name);
                await service.StopAsync(DateTimeOffset.UtcNow + OrphanDrain).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is IOException or InvalidDataException)
            {
                log.LogError("Control channel broken ({Reason}); stopping", e.Message);
                message = null;
            }
            finally
            {
                reading = null;
            }

            if (message is null)
            {
                asks.SupervisorGone();
                if (stopped is not null) return await StoppedAsync(stopped).ConfigureAwait(false);
                log.LogWarning("The supervisor is gone; {Service} drains for up to {Seconds} s and exits", definition.Name, OrphanDrain.TotalSeconds);
                await service.StopAsync(DateTimeOffset.UtcNow + OrphanDrain).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            switch (message.Type)
            {
                case ControlMessageType.Ping:
                    var holding = service.Holding();
                    await channel.WriteAsync(new ControlMessage
                    {
                        Type = ControlMessageType.Pong,
                        Seq = message.Seq,
                        Connections = holding.Connections,
                        Holding = holding,
                    }).ConfigureAwait(false);
                    break;

                case ControlMessageType.Stop when stopped is null:
                    var deadline = DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(message.DeadlineMs ?? 20_000);
                    var held = service.Holding();
                    await channel.WriteAsync(new ControlMessage
                    {
                        Type = ControlMessageType.Stopping,
                        Connections = held.Connections,
                        Holding = held,
                    }).ConfigureAwait(false);
                    stopped = service.StopAsync(deadline);
                    // What it holds goes on being reported, so that a kill at the deadline, even of a
                    // process hung by then, can say what it cut.
                    _ = DrainReports.RunAsync(m => SendQuietly(channel, m), service, stopped, TimeProvider.System);
                    break;

                case ControlMessageType.Stop:
                    break;

                case ControlMessageType.Reply:
                    asks.Complete(message);
                    break;

                case ControlMessageType.Reload when stopped is not null:
                    // The supervisor stopped waiting for this when it asked for the stop; answer all the same.
                    await channel.WriteAsync(new ControlMessage { Type = ControlMessageType.Failed, Version = message.Version, Detail = "it is stopping" }).ConfigureAwait(false);
                    break;

                case ControlMessageType.Figures:
                    var figures = service.GetFigures();
                    await channel.WriteAsync(new ControlMessage { Type = ControlMessageType.Figures, Seq = message.Seq, Figures = figures.ToJson(), Sites = figures.Sites }).ConfigureAwait(false);
                    break;

                case ControlMessageType.Workers:
                    service.OnWorkers(message.Pools ?? []);
                    break;

                case ControlMessageType.WorkerRequests:
                    await channel.WriteAsync(new ControlMessage
                    {
                        Type = ControlMessageType.WorkerRequests,
                        Seq = message.Seq,
                        Worker = message.Worker,
                        InFlight = message.Worker is null ? [] : service.WorkerRequests(message.Worker),
                    }).ConfigureAwait(false);
                    break;

                case ControlMessageType.Reload:
                    await channel.WriteAsync(await ReloadAsync(service, ViewFile(root, message.Version ?? 0), message.Version ?? 0, log).ConfigureAwait(false)).ConfigureAwait(false);
                    break;

                default:
                    log.LogWarning("Unknown control message '{Type}' ignored", message.Type);
                    break;
            }
        }

        async Task<int> StoppedAsync(Task stopping)
        {
            await stopping.ConfigureAwait(false);
            log.LogInformation("{Service} stopped", definition.Name);
            return ExitCodes.Ok;
        }
    }

    /// <summary>
    /// The service's own view of a version, which the supervisor wrote before asking for the
    /// reload; history only when it gave no views folder (it is readable by the admin service alone).
    /// </summary>
    private static string ViewFile(DataRoot root, long version) =>
        Environment.GetEnvironmentVariable(EnvironmentNames.ConfigViews) is { Length: > 0 } views
            ? Path.Combine(views, ConfigViewFiles.Name(version))
            : root.HistoryFile(version);

    private static async Task<ControlMessage> ReloadAsync(IWharfService service, string path, long version, ILogger log)
    {
        var loaded = ConfigReader.Load(path);
        if (!loaded.IsValid)
            return new ControlMessage { Type = ControlMessageType.Failed, Version = version, Detail = string.Join("; ", loaded.Errors) };
        try
        {
            var result = await service.ApplyAsync(loaded.Config!, version, CancellationToken.None).ConfigureAwait(false);
            return result == ApplyResult.Applied
                ? new ControlMessage { Type = ControlMessageType.Applied, Version = version }
                : new ControlMessage { Type = ControlMessageType.RestartNeeded, Version = version };
        }
        catch (Exception e)
        {
            log.LogError(e, "Applying configuration version {Version} failed", version);
            return new ControlMessage { Type = ControlMessageType.Failed, Version = version, Detail = e.Message };
        }
    }

    private static async Task SendQuietly(JsonLineChannel<ControlMessage, ControlMessage> channel, ControlMessage message)
    {
        try { await channel.WriteAsync(message).ConfigureAwait(false); }
        catch (Exception e) when (e is IOException or ObjectDisposedException) { }
    }
}
