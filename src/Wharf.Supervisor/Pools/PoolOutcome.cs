using Wharf.Hosting.Control;
using Wharf.Supervisor.Lifecycle;

namespace Wharf.Supervisor.Pools;

/// <summary>What an operation on a pool came to: for the command's reply, and a reset's.</summary>
internal sealed record PoolOutcome(bool Ok, string Message)
{
    /// <summary>Workers killed at their deadline (or ended now), with what each held as last known.</summary>
    public IReadOnlyList<ForcedStop>? Forced { get; init; }

    public static PoolOutcome Success(string message) => new(true, message);
    public static PoolOutcome Failure(string message) => new(false, message);

    /// <summary>A drain's result: clean; forced (a success that names what was killed); or workers left running (/noforce), a failure that names them.</summary>
    public static PoolOutcome From(DrainResult result, string who)
    {
        if (result.Clean) return Success("");
        if (result.Left.Count > 0)
            return Failure($"{who}: {string.Join(", ", result.Left)} still running at the deadline; left to finish (/noforce), it takes no new request");
        var killed = string.Join(", ", result.Killed);
        return Success(result.EndedNowBy is { } by ? $"{who}: ended {killed} now, as {by} asked" : $"{who}: killed {killed} at the deadline")
            with
        { Forced = result.Killed.Where(k => k.Forced is not null).Select(k => k.Forced!).ToArray() };
    }
}
