using System.Diagnostics;
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
            ReportEvent = (name, detail) => _ = SendQuietly(channel, new ControlMessage { Type = ControlMessage.Types.Event, Event = name, Detail = detail }),
            AskSupervisor = asks.AskAsync,
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
            await SendQuietly(channel, new ControlMessage { Type = ControlMessage.Types.Event, Event = "start-failed", Detail = e.Message }).ConfigureAwait(false);
            await SendQuietly(channel, new ControlMessage { Type = ControlMessage.Types.Failed, Detail = e.Message }).ConfigureAwait(false);
            return ExitCodes.Failed;
        }
        StartTestChild(log);
        await channel.WriteAsync(new ControlMessage { Type = ControlMessage.Types.Ready }).ConfigureAwait(false);
        log.LogInformation("{Service} ready (pid {Pid}, configuration version {Version}, {Count} listener(s))",
            definition.Name, Environment.ProcessId, version, listeners.Count);

        var ignoreStop = Environment.GetEnvironmentVariable(EnvironmentNames.TestIgnoreStop) == "1";
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
                case ControlMessage.Types.Ping:
                    await channel.WriteAsync(new ControlMessage
                    {
                        Type = ControlMessage.Types.Pong,
                        Seq = message.Seq,
                        Connections = service.GetFigures().Connections,
                    }).ConfigureAwait(false);
                    break;

                case ControlMessage.Types.Stop when ignoreStop:
                    log.LogWarning("Ignoring stop ({Variable}=1, a test switch)", EnvironmentNames.TestIgnoreStop);
                    break;

                case ControlMessage.Types.Stop when stopped is null:
                    var deadline = DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(message.DeadlineMs ?? 20_000);
                    await channel.WriteAsync(new ControlMessage
                    {
                        Type = ControlMessage.Types.Stopping,
                        Connections = service.GetFigures().Connections,
                    }).ConfigureAwait(false);
                    stopped = service.StopAsync(deadline);
                    break;

                case ControlMessage.Types.Stop:
                    break;

                case ControlMessage.Types.Reply:
                    asks.Complete(message);
                    break;

                case ControlMessage.Types.Reload when stopped is not null:
                    // The supervisor stops waiting for this once it asked for the stop; say so all the same.
                    await channel.WriteAsync(new ControlMessage { Type = ControlMessage.Types.Failed, Version = message.Version, Event = "stopping", Detail = "stopping" }).ConfigureAwait(false);
                    break;

                case ControlMessage.Types.Reload:
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

    private static void StartTestChild(ILogger log)
    {
        if (Environment.GetEnvironmentVariable(EnvironmentNames.TestStartChild) is not { Length: > 0 } command) return;
        using var child = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", command]) { UseShellExecute = false });
        log.LogWarning("Started test child pid {Pid} ({Variable}, a test switch)", child?.Id, EnvironmentNames.TestStartChild);
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
            return new ControlMessage { Type = ControlMessage.Types.Failed, Version = version, Detail = string.Join("; ", loaded.Errors) };
        try
        {
            var result = await service.ApplyAsync(loaded.Config!, version, CancellationToken.None).ConfigureAwait(false);
            return result == ApplyResult.Applied
                ? new ControlMessage { Type = ControlMessage.Types.Applied, Version = version }
                : new ControlMessage { Type = ControlMessage.Types.Failed, Version = version, Event = "restart-needed" };
        }
        catch (Exception e)
        {
            log.LogError(e, "Applying configuration version {Version} failed", version);
            return new ControlMessage { Type = ControlMessage.Types.Failed, Version = version, Detail = e.Message };
        }
    }

    private static async Task SendQuietly(JsonLineChannel<ControlMessage, ControlMessage> channel, ControlMessage message)
    {
        try { await channel.WriteAsync(message).ConfigureAwait(false); }
        catch (Exception e) when (e is IOException or ObjectDisposedException) { }
    }
}
