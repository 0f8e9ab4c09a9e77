using Wharf.Hosting.Control;

namespace Wharf.Supervisor.Lifecycle;

/// <summary>What a drain came to: processes killed (at the deadline or by end-now), or left running (/noforce).</summary>
internal sealed record DrainResult(IReadOnlyList<DrainedProcess> Killed, IReadOnlyList<DrainedProcess> Left, string? EndedNowBy)
{
    public bool Clean => Killed.Count == 0 && Left.Count == 0;
}

internal readonly record struct DrainedProcess(int Pid, long Connections, ForcedStop? Forced = null)
{
    public override string ToString() => $"pid {Pid} ({Connections} connection(s))";
}

/// <summary>
/// Overlapped replacement's second half, and every stop: ask each process to finish by the
/// deadline, report progress about once a second, and at the deadline (or at end-now) kill what
/// is left with its process group, or with /noforce leave it running and say so.
/// </summary>
internal static class Drain
{
    private static readonly TimeSpan ProgressTick = TimeSpan.FromSeconds(1);

    /// <param name="asked">Called once each process has been asked to stop (the caller writes its event).</param>
    /// <param name="progress">The process waited for, and whole seconds left to the deadline.</param>
    public static async Task<DrainResult> RunAsync(IReadOnlyList<SupervisedProcess> targets, TimeSpan timeout, bool force,
        Task<string> endNow, Action<SupervisedProcess> asked, Action<SupervisedProcess, double> progress, TimeProvider time)
    {
        var deadline = time.GetUtcNow() + timeout;
        foreach (var p in targets) await p.RequestStopAsync(timeout).ConfigureAwait(false);
        // The count comes with the answer to stop; the last pong's may be a ping interval old.
        await StoppingAnswers.WaitAsync(targets.Select(p => p.StopAnswered), time).ConfigureAwait(false);
        foreach (var p in targets) asked(p);

        foreach (var p in targets)
        {
            while (!p.HasExited && !endNow.IsCompleted)
            {
                var remaining = deadline - time.GetUtcNow();
                if (remaining <= TimeSpan.Zero) break;
                progress(p, Math.Ceiling(remaining.TotalSeconds));
                var tick = remaining < ProgressTick ? remaining : ProgressTick;
                await Task.WhenAny(p.Exited, Task.Delay(tick, time), endNow).ConfigureAwait(false);
            }
        }

        var left = targets.Where(p => !p.HasExited).ToArray();
        var endedBy = endNow.IsCompletedSuccessfully && left.Length > 0 ? endNow.Result : null;
        if (left.Length == 0) return new DrainResult([], [], null);
        if (!force && endedBy is null) return new DrainResult([], left.Select(p => new DrainedProcess(p.Pid, p.Connections)).ToArray(), null);
        // Each named with what it held as last reported: a hung process cannot say more.
        var killed = left.Select(p => new DrainedProcess(p.Pid, p.Connections, p.KillCutting(timeout, endedBy))).ToArray();
        await Task.WhenAll(left.Select(p => p.Exited)).ConfigureAwait(false);
        return new DrainResult(killed, [], endedBy);
    }
}
