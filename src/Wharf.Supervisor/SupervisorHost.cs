using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Wharf.Config;
using Wharf.Config.Accounts;
using Wharf.Hosting;
using Wharf.Hosting.Control;

namespace Wharf.Supervisor;

/// <summary>
/// `wharf serve`: lay out the data root, read the configuration, hold the listening sockets,
/// start the services, answer the control socket, and keep the services running until told to stop.
/// </summary>
public static class SupervisorHost
{
    // How long the previous image's services may drain after a /reboot before they are killed.
    private static readonly TimeSpan RebootDrainLimit = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan OrphanSweepInterval = TimeSpan.FromSeconds(5);

    public static async Task<int> ServeAsync(DataRoot root, IReadOnlyList<ServiceDefinition> catalog, CancellationToken cancellationToken)
    {
        using var loggerFactory = LoggerFactory.Create(b => b
            .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; })
            .SetMinimumLevel(LogLevel.Information));
        var log = loggerFactory.CreateLogger("wharf.supervisor");

        if (root.CheckSocketPaths() is { } tooDeep)
        {
            Console.Error.WriteLine($"wharf: {tooDeep}");
            return ExitCodes.Usage;
        }
        string? initialPassword;
        try
        {
            if (DataRootInitializer.EnsureLayout(root))
                log.LogInformation("Wrote the default configuration to {Path}", root.ConfigFile);
            // Before any service runs, as the default configuration: the admin service never writes the password file.
            initialPassword = InitialAccount.CreateIfMissing(root, TimeProvider.System);
            if (initialPassword is not null)
                log.LogInformation("Created the administrator account '{Account}'; its password is in {Path}, readable by this account alone", InitialAccount.Name, initialPassword);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"wharf: cannot prepare the data root {root.Path}: {e.Message}");
            return ExitCodes.Failed;
        }

        OrphanReaper.BecomeSubreaper();
        var time = TimeProvider.System;
        var reaper = new OrphanReaper();
        using var listeners = new ListenerTable(log);
        listeners.AdoptInherited();
        // Set (even empty) only by a /reboot's exec: the pools' workers are then adopted, never swept.
        var rebooted = Environment.GetEnvironmentVariable(EnvironmentNames.RebootDrainingPids) is not null;
        var drainingFromReboot = Reexec.TakeDrainingPids();

        var statePath = root.SupervisorState;
        var state = SupervisorState.Load(statePath);
        var stateLock = new Lock();
        var launcher = new ProcessLauncher(root, reaper);
        var context = new SupervisorContext
        {
            Root = root,
            Listeners = listeners,
            Launcher = new Lifecycle.SystemProcessLauncher(launcher),
            Events = new EventLog(root.EventLog, time),
            Time = time,
            Log = log,
            AutomaticRestartDisabled = () => Volatile.Read(ref state).ResetDisabled,
        };
        if (RunningConfiguration.LoadAtStart(context) is { Count: > 0 } errors)
        {
            Console.Error.WriteLine($"wharf: the configuration {root.ConfigFile} is invalid and history holds no valid version; nothing was started:");
            foreach (var error in errors) Console.Error.WriteLine($"  {error}");
            return ExitCodes.InvalidConfig;
        }
        var runners = catalog.Select(d => new ServiceRunner(d, context,
            catalog.Where(other => other != d).SelectMany(other => other.OwnedPaths ?? []).ToArray())).ToArray();
        var cgroups = Pools.Resources.CgroupDetection.Detect(Pools.Resources.CgroupHost.Current(root.Path));
        var pools = new Pools.PoolManager(new Pools.PoolEnvironment
        {
            Time = time,
            Events = context.Events,
            Launcher = Pools.Launch.WorkerLauncher.ForMachine(context, launcher),
            Cgroups = cgroups,
            ResourceWatch = Pools.ResourceWatchObserver.For(cgroups),
            HandedSockets = pool => Pools.Launch.HandoffSockets.For(context.Config, pool.Name, listeners),
            ResolvePath = root.Resolve,
            Probe = new Pools.Runner.SocketEndpointProbe(time),
            HandoffProbe = new Pools.Runner.ProcHandoffProbe(time),
            Requests = new Pools.ServicePoolRequests(() => runners),
            Terminate = pid => Hosting.Native.Libc.kill(pid, Hosting.Native.Libc.SIGTERM),
            CleanUpAfter = context.Launcher.CleanUpAfter,
            EndNow = context.EndNow,
            Config = () => context.Config,
        }, Pools.Launch.WorkerRecordFile.ForMachine(root, reaper));
        context.PoolReports = pools.OnReport;
        context.PoolServiceReady = service => pools.SendTableToAsync(table => service.SendAsync(Pools.ServicePoolRequests.TableMessage(table)));
        var supervisor = new Supervisor(context, runners, () => Volatile.Read(ref state), update =>
        {
            lock (stateLock)
            {
                var next = update(state);
                if (next == state) return;
                next.Save(statePath);
                Volatile.Write(ref state, next);
            }
        }, pools);

        context.ServiceRequests = supervisor.HandleServiceRequestAsync;

        await using var control = new ControlServer(root.ControlSocket, LocalAdminPolicy.ForThisProcess(), supervisor, log);
        try
        {
            control.Start();
        }
        catch (Exception e) when (e is InvalidOperationException or System.Net.Sockets.SocketException or IOException)
        {
            Console.Error.WriteLine($"wharf: {e.Message}");
            return ExitCodes.Failed;
        }

        context.Events.Write("supervisor", drainingFromReboot.Count > 0 ? EventName.Rebooted : EventName.Started,
            $"data root {root.Path}, configuration version {context.ConfigVersion}", Environment.ProcessId);
        if (initialPassword is not null)
            context.Events.Write("supervisor", EventName.InitialAccountCreated,
                $"administrator account '{InitialAccount.Name}': its password is in {initialPassword} (mode 0600); change it with `wharf admin user passwd {InitialAccount.Name}`", Environment.ProcessId);
        var retiring = drainingFromReboot.Select(pid => (Pid: pid, Done: RetireAsync(pid, reaper, launcher, context))).ToArray();

        // Workers are adopted or swept before the orphan sweep runs; alwaysRunning ones start beside the services.
        await Task.WhenAll(pools.StartAsync(context.Config, rebooted), supervisor.StartInitialAsync());
        log.LogInformation("Wharf is serving: {Services}", string.Join(", ", runners.Select(r => $"{r.Name} {r.Status().State}")));
        SystemdNotify.Send($"READY=1\nMAINPID={Environment.ProcessId}\nSTATUS=serving");

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        using var sweep = new PeriodicTimer(OrphanSweepInterval, time);
        var sweeping = SweepLoopAsync(sweep, launcher, stop.Token);

        var stopped = Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { });
        var woke = await Task.WhenAny(stopped, supervisor.RebootRequested.Task);
        if (woke == supervisor.RebootRequested.Task)
        {
            // Give the /reboot reply a moment to leave before the control socket closes with the old image.
            await Task.Yield();
            context.Events.Write("supervisor", EventName.Reboot, "re-executing the supervisor in place", Environment.ProcessId);
            var pids = runners.SelectMany(r => r.HandOver()).ToArray();
            pools.HandOver();
            await control.DisposeAsync();
            // Workers stay running across the execve; the next image reads their output on.
            Pools.Launch.WorkerOutputs.PrepareForExec();
            var error = Reexec.Run(listeners.PrepareForExec(), pids);
            Pools.Launch.WorkerOutputs.AfterFailedExec();
            log.LogCritical("Reboot failed: {Error}; stopping instead", error);
            context.Events.Write("supervisor", EventName.RebootFailed, error);
        }

        SystemdNotify.Send("STOPPING=1");
        log.LogInformation("Stopping every service");
        await supervisor.StopAllAsync(ShutdownTimeout);
        // A previous image's process still draining (hung, or stopped by a signal) ends with this
        // supervisor rather than outliving it unseen.
        foreach (var (pid, done) in retiring.Where(r => !r.Done.IsCompleted))
        {
            context.Events.Write("supervisor", EventName.Killed, "previous image's service still running when the supervisor stopped", pid);
            launcher.KillGroup(pid);
            Hosting.Native.Libc.kill(pid, Hosting.Native.Libc.SIGKILL);
        }
        await Task.WhenAny(Task.WhenAll(retiring.Select(r => r.Done)), Task.Delay(TimeSpan.FromSeconds(5), time));
        context.Events.Write("supervisor", EventName.Stopped, null, Environment.ProcessId);
        await sweeping.ContinueWith(_ => { });
        return ExitCodes.Ok;
    }

    private static async Task SweepLoopAsync(PeriodicTimer timer, ProcessLauncher launcher, CancellationToken token)
    {
        while (await timer.WaitForNextTickAsync(token)) launcher.SweepOrphans();
    }

    /// <summary>A service process of the previous image: let it drain, then end it and reap it.</summary>
    private static async Task RetireAsync(int pid, OrphanReaper reaper, ProcessLauncher launcher, SupervisorContext context)
    {
        reaper.Spare(pid);
        var deadline = context.Time.GetUtcNow() + RebootDrainLimit;
        while (!OrphanReaper.TryReap(pid))
        {
            if (context.Time.GetUtcNow() > deadline)
            {
                context.Events.Write("supervisor", EventName.Killed, "previous image's service still running at the reboot deadline", pid);
                launcher.KillGroup(pid);
                Hosting.Native.Libc.kill(pid, Hosting.Native.Libc.SIGKILL);
            }
            // No exit notification exists for a child .NET did not start; a short poll is the only way.
            await Task.Delay(TimeSpan.FromMilliseconds(100), context.Time);
        }
        reaper.Unspare(pid);
        launcher.KillGroup(pid);
    }
}
