using Wharf.Hosting.Control;
using Wharf.Hosting.Control.Pools;
using Wharf.Supervisor.Pools.Launch;
using Wharf.Supervisor.Pools.Resources;

namespace Wharf.Supervisor.Pools.Runner;

/// <summary>
/// One worker's start: its cgroup, the launch (poolhost's launcher), and readiness: its endpoint
/// accepts a connection within startupTimeLimit, then (with a warm-up path) www's warmed report
/// within the same limit. A miss is a start failure: the worker is killed with its group and the
/// failure counts towards rapid-fail protection. A worker handed sockets (direct hand-off) is ready
/// too once it waits on one of them: a program that takes fd 3 by systemd's convention (Kestrel's
/// UseSystemd or ListenHandle) drops ASPNETCORE_URLS and never listens on its own endpoint.
/// </summary>
internal sealed class WorkerStart(PoolRunner runner)
{
    /// <summary>Null when it failed, which is counted. Under the runner's operation lock.</summary>
    public async Task<PoolWorker?> StartAsync(int slot, bool replacement, string why)
    {
        var id = runner.NextWorkerId();
        IWorkerCgroup? cgroup = null;
        try
        {
            cgroup = runner.Env.Cgroups is { Available: true } cgroups ? cgroups.Create(runner.Name, id) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            runner.Env.Events.Write(runner.Label, EventName.CgroupUnavailable, $"pool {runner.Name} worker {id} runs without a cgroup: {e.Message}");
        }

        LaunchedWorker launched;
        IReadOnlyList<HandedSocket> handed;
        try
        {
            handed = runner.Env.HandedSockets(runner.Config);
            launched = runner.Env.Launcher.Launch(new WorkerLaunchRequest(runner.Config, id, runner.DefaultWorkingDirectory(), cgroup, handed));
        }
        catch (Exception e) when (e is WorkerLaunchException or ListenerException or IOException or UnauthorizedAccessException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            PoolRunner.RemoveQuietly(cgroup);
            var what = $"pool {runner.Name} worker {id} could not be launched: {e.Message}";
            runner.Env.Events.Write(runner.Label, EventName.WorkerStartFailed, what);
            runner.Message = what;
            runner.Fail(what);
            return null;
        }

        var worker = new PoolWorker(id, runner.Name, slot, launched, cgroup, runner.Generation, runner.Env.Time, runner.Env.Terminate);
        runner.Add(worker);
        runner.Env.Events.Write(runner.Label, EventName.WorkerStarted, $"{worker} started as {launched.Account}, listening on {launched.Endpoint} ({why})", worker.Pid);
        await runner.Env.Changed();

        var failure = await WaitReadyAsync(worker, handed);
        if (failure is not null || worker.Process.HasExited)
        {
            failure ??= $"exited before it was ready ({await worker.Process.Exited})";
            worker.StartFailureCounted = true;
            worker.Process.ExpectExit();
            if (!worker.Process.HasExited) worker.Process.Kill(failure);
            var what = $"{worker} {failure}";
            runner.Env.Events.Write(runner.Label, EventName.WorkerStartFailed, what, worker.Pid);
            runner.Message = what;
            runner.Fail(what);
            await runner.Env.Changed();
            return null;
        }

        worker.State = WorkerState.Active;
        runner.Env.Events.Write(runner.Label, EventName.WorkerReady, worker.HandoffOnly
            ? $"{worker} accepts requests on its handed socket(s) only (its own endpoint does not accept; www sends it no health or warm-up request)"
            : $"{worker} accepts requests", worker.Pid);
        runner.Triggers.WorkerReady(worker, replacement);
        await runner.Env.Changed();
        return worker;
    }

    /// <summary>Null once it accepts a connection or waits on a handed socket (and answered its warm-up request) within startupTimeLimit; else why not.</summary>
    private async Task<string?> WaitReadyAsync(PoolWorker worker, IReadOnlyList<HandedSocket> handed)
    {
        var limit = runner.Config.ProcessModel.StartupTimeLimit;
        using var timeout = new CancellationTokenSource(limit, runner.Env.Time);
        using var probing = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var probe = runner.Env.Probe.WaitAcceptsAsync(worker.Endpoint, probing.Token);
        var takes = handed.Count > 0 ? runner.Env.HandoffProbe.WaitTakesAsync(worker.Pid, handed, probing.Token) : Task.Delay(Timeout.Infinite, probing.Token);
        await Task.WhenAny(probe, takes, worker.Process.Exited);
        if (!worker.Process.HasExited && !probe.IsCompleted && takes.IsCompletedSuccessfully)
            await Task.WhenAny(probe, Task.Delay(runner.Env.OwnEndpointGrace, runner.Env.Time, probing.Token), worker.Process.Exited);
        // Both probes poll until cancelled: the one that lost stops here.
        await probing.CancelAsync();
        if (worker.Process.HasExited)
        {
            var exit = await worker.Process.Exited;
            // The launch step's own failures use systemd's codes, which a program rarely chooses.
            var step = exit.ExitCode is { } code ? Hosting.Launch.ExecStepExit.Describe(code) : null;
            return $"exited before it accepted a connection ({exit}{(step is null ? "" : $": {step}, unless the program chose that code")})";
        }
        if (!probe.IsCompletedSuccessfully && !takes.IsCompletedSuccessfully)
            return handed.Count == 0
                ? $"did not accept a connection on {worker.Endpoint} within {RecoveryPolicy.Describe(limit)} (startupTimeLimit)"
                : $"neither accepted a connection on {worker.Endpoint} nor waited on its handed socket(s) {string.Join(", ", handed.Select(h => h.Name))} within {RecoveryPolicy.Describe(limit)} (startupTimeLimit)";
        worker.HandoffOnly = !probe.IsCompletedSuccessfully;
        worker.Process.MarkReady();

        // www cannot reach a worker that listens only on its handed sockets, so it cannot warm it up.
        if (runner.Config.Program?.WarmupPath is not { } path || worker.HandoffOnly) return null;
        worker.State = WorkerState.Warming;
        await runner.Env.Changed();
        var expired = Task.Delay(Timeout.Infinite, timeout.Token);
        var done = await Task.WhenAny(worker.Warmed, worker.Process.Exited, expired);
        if (done == worker.Warmed) return await worker.Warmed is { } why ? $"failed its warm-up request {path}: {why}" : null;
        if (worker.Process.HasExited) return $"exited during its warm-up request {path} ({await worker.Process.Exited})";
        return $"did not answer its warm-up request {path} within {RecoveryPolicy.Describe(limit)} (startupTimeLimit)";
    }
}
