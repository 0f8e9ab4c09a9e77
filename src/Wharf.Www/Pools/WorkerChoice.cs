namespace Wharf.Www.Pools;

/// <summary>
/// Which active worker of a web garden takes the next request: the one with the fewest requests
/// in flight, so that a slow worker gets fewer; among equals, the next in turn after the last one
/// chosen, so that requests spread even when each finishes before the next arrives.
/// </summary>
internal static class WorkerChoice
{
    /// <summary>The index of the chosen worker in <paramref name="workers"/>, or -1 when none has room.</summary>
    /// <param name="maxPerWorker">Requests one worker takes at once; 0 is no cap.</param>
    /// <param name="next">Where the turn starts; moved past the chosen worker.</param>
    public static int Pick(IReadOnlyList<WorkerSlot> workers, int maxPerWorker, ref int next)
    {
        var count = workers.Count;
        if (count == 0) return -1;
        var start = (uint)next % (uint)count;
        var best = -1;
        var bestLoad = int.MaxValue;
        for (var k = 0; k < count; k++)
        {
            var i = (int)((start + k) % count);
            var worker = workers[i];
            if (worker.Unusable) continue;
            var load = worker.InFlight;
            if (maxPerWorker > 0 && load >= maxPerWorker) continue;
            if (load < bestLoad)
            {
                best = i;
                bestLoad = load;
            }
        }
        if (best >= 0) next = (best + 1) % count;
        return best;
    }
}
