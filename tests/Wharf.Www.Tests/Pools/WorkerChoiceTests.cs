using Microsoft.Extensions.Time.Testing;
using Wharf.Www.Pools;

namespace Wharf.Www.Tests.Pools;

public sealed class WorkerChoiceTests
{
    private readonly FakeTimeProvider _time = new();

    private WorkerSlot[] Garden(params int[] inFlight) =>
        [.. inFlight.Select((n, i) => { var w = PoolTestWorkers.Slot($"Shop#{i + 1}", _time); w.InFlight = n; return w; })];

    [Fact]
    public void The_worker_with_the_fewest_requests_in_flight_is_chosen()
    {
        var next = 0;
        Assert.Equal(2, WorkerChoice.Pick(Garden(3, 2, 1, 4), maxPerWorker: 0, ref next));
    }

    [Fact]
    public void Equal_workers_take_turns()
    {
        var garden = Garden(0, 0, 0);
        var next = 0;
        var chosen = Enumerable.Range(0, 6).Select(_ => WorkerChoice.Pick(garden, 0, ref next)).ToArray();
        Assert.Equal([0, 1, 2, 0, 1, 2], chosen);
    }

    [Fact]
    public void A_full_worker_is_passed_over_and_none_is_chosen_when_all_are_full()
    {
        var next = 0;
        Assert.Equal(1, WorkerChoice.Pick(Garden(2, 1), maxPerWorker: 2, ref next));
        next = 0;
        Assert.Equal(-1, WorkerChoice.Pick(Garden(2, 2), maxPerWorker: 2, ref next));
        // 0: no cap.
        Assert.NotEqual(-1, WorkerChoice.Pick(Garden(2, 2), maxPerWorker: 0, ref next));
    }

    [Fact]
    public void An_unusable_worker_is_never_chosen()
    {
        var garden = Garden(5, 0);
        garden[1].Unusable = true;
        var next = 1;
        Assert.Equal(0, WorkerChoice.Pick(garden, 0, ref next));
    }

    [Fact]
    public void No_worker_no_choice()
    {
        var next = 0;
        Assert.Equal(-1, WorkerChoice.Pick([], 0, ref next));
    }
}
