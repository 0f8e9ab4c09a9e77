using Wharf.Config.Model;
using Wharf.Hosting.Control;

namespace Wharf.Supervisor.Lifecycle;

/// <summary>How a process's end is told: the event, its message, and whether it counts as a failure.</summary>
internal readonly record struct ExitVerdict(EventName Event, string? Message, bool Failed);

/// <summary>What the runner does next after a failure, besides setting the state and writing the event.</summary>
internal abstract record RecoveryEffect
{
    public sealed record ScheduleStart(TimeSpan Delay, string Why) : RecoveryEffect;
    public sealed record RunProgram(string Program, int FailCount) : RecoveryEffect;
    public sealed record Nothing : RecoveryEffect;
}

/// <summary>The state a failure leads to, the message status shows, the event to write (none while a program's start is unknown), and the effect.</summary>
internal sealed record RecoveryStep(ServiceState State, string Message, EventName? Event, RecoveryEffect Effect);

/// <summary>
/// The lifecycle's decisions as pure functions of (state, event): how an exit is told, and what
/// a failure leads to. The class that carries them out (<see cref="ServiceRunner"/> for services)
/// only sets the state, writes the event and performs the effect, so every path here is tested
/// without a process or a clock.
/// </summary>
internal static class ProcessLifecycle
{
    /// <summary>Every exit the supervisor did not ask for is a failure: a crash, a kill because it hung.</summary>
    public static ExitVerdict OnExit(bool stopRequested, string? killedBecause, ProcessExit exit)
    {
        var failed = !stopRequested;
        var @event = killedBecause is not null ? EventName.Killed : failed ? EventName.Crashed : EventName.Stopped;
        return new ExitVerdict(@event, killedBecause ?? (failed ? $"ended unexpectedly ({exit})" : null), failed);
    }

    /// <param name="what">What failed, for the message (pid and how it ended, or why it could not start).</param>
    public static (FailureHistory History, RecoveryStep Step) OnFailure(FailureHistory history, RecoveryConfig policy, DateTimeOffset now,
        DateTimeOffset? startedAt, bool automaticRestartDisabled, string what)
    {
        var (next, decision) = history.Record(policy, now, startedAt, automaticRestartDisabled);
        RecoveryStep step = decision switch
        {
            RecoveryDecision.Restart r => new(ServiceState.WaitingToRestart,
                $"{what}; restarting in {RecoveryPolicy.Describe(r.Delay)} (failure {r.FailCount})",
                EventName.Restarting, new RecoveryEffect.ScheduleStart(r.Delay, "recovered")),
            RecoveryDecision.RunProgram run => new(ServiceState.Stopped,
                $"{what}; ran the recovery program (failure {run.FailCount})",
                null, new RecoveryEffect.RunProgram(run.Program, run.FailCount)),
            RecoveryDecision.None none => new(ServiceState.Stopped,
                $"{what}; not restarted: {none.Reason}", EventName.NotRestarted, new RecoveryEffect.Nothing()),
            RecoveryDecision.Failed f => new(ServiceState.Failed,
                $"{f.Reason}; last: {what}{(f.RetryAfter is { } after ? $"; trying again in {RecoveryPolicy.Describe(after)}" : "")}",
                EventName.Failed,
                f.RetryAfter is { } delay ? new RecoveryEffect.ScheduleStart(delay, "retried after failing") : new RecoveryEffect.Nothing()),
            _ => throw new InvalidOperationException($"unknown recovery decision {decision}"),
        };
        return (next, step);
    }
}
