using Microsoft.Extensions.Time.Testing;
using Wharf.Www.Pools;

namespace Wharf.Www.Tests.Pools;

public sealed class PoolQueueTests
{
    private readonly FakeTimeProvider _time = new();
    private int _demands;

    private PoolQueue Queue(int length = 10, int timeoutSeconds = 120, int perWorker = 1) =>
        new(new QueueSettings(length, TimeSpan.FromSeconds(timeoutSeconds), perWorker), _time, () => Interlocked.Increment(ref _demands));

    private WorkerSlot Worker(string id) => PoolTestWorkers.Slot(id, _time);

    private ValueTask<QueueResult> Enter(PoolQueue queue, CancellationToken aborted = default) =>
        queue.EnterAsync(_time.GetTimestamp(), aborted);

    [Fact]
    public async Task A_request_takes_a_free_slot_at_once()
    {
        var queue = Queue();
        var worker = Worker("Shop#1");
        queue.SetWorkers([worker], workerComing: false, closed: false);
        var entered = Enter(queue);
        Assert.True(entered.IsCompleted);
        var result = await entered;
        Assert.Equal(QueueOutcome.Admitted, result.Outcome);
        Assert.Same(worker, result.Worker);
        Assert.Equal(1, worker.InFlight);
    }

    [Fact]
    public async Task Waiters_are_served_first_come_first_served_as_slots_free()
    {
        var queue = Queue(perWorker: 1);
        var worker = Worker("Shop#1");
        queue.SetWorkers([worker], false, false);
        var first = await Enter(queue);
        var second = Enter(queue).AsTask();
        var third = Enter(queue).AsTask();
        Assert.False(second.IsCompleted);
        Assert.Equal(2, queue.Waiting);

        queue.Leave(first.Worker!);
        Assert.Equal(QueueOutcome.Admitted, (await second).Outcome);
        Assert.False(third.IsCompleted);

        queue.Leave(worker);
        Assert.Equal(QueueOutcome.Admitted, (await third).Outcome);
        Assert.Equal(0, queue.Waiting);
    }

    [Fact]
    public async Task A_new_active_worker_in_the_table_takes_the_oldest_waiter()
    {
        var queue = Queue();
        queue.SetWorkers([], false, false);
        var first = Enter(queue).AsTask();
        var second = Enter(queue).AsTask();
        var worker = Worker("Shop#2");
        queue.SetWorkers([worker], false, false);
        Assert.Same(worker, (await first).Worker);
        Assert.False(second.IsCompleted);
    }

    [Fact]
    public async Task Beyond_queue_length_a_request_is_refused_at_once()
    {
        var queue = Queue(length: 2);
        queue.SetWorkers([], false, false);
        _ = Enter(queue);
        _ = Enter(queue);
        var third = Enter(queue);
        Assert.True(third.IsCompleted);
        Assert.Equal(QueueOutcome.Full, (await third).Outcome);
    }

    [Fact]
    public async Task A_wait_longer_than_the_queue_timeout_ends_it()
    {
        var queue = Queue(timeoutSeconds: 120);
        queue.SetWorkers([], false, false);
        var waiting = Enter(queue).AsTask();
        _time.Advance(TimeSpan.FromSeconds(119));
        Assert.False(waiting.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(QueueOutcome.TimedOut, (await waiting).Outcome);
        Assert.Equal(0, queue.Waiting);
    }

    [Fact]
    public async Task A_client_that_leaves_leaves_the_queue()
    {
        var queue = Queue();
        queue.SetWorkers([], false, false);
        using var aborted = new CancellationTokenSource();
        var waiting = Enter(queue, aborted.Token).AsTask();
        var next = Enter(queue).AsTask();
        await aborted.CancelAsync();
        Assert.Equal(QueueOutcome.ClientGone, (await waiting).Outcome);

        var worker = Worker("Shop#1");
        queue.SetWorkers([worker], false, false);
        Assert.Same(worker, (await next).Worker);
        Assert.Equal(1, worker.InFlight);
    }

    [Fact]
    public async Task Closing_the_pool_fails_its_waiters_and_refuses_new_requests()
    {
        var queue = Queue();
        queue.SetWorkers([], false, false);
        var waiting = Enter(queue).AsTask();
        queue.SetWorkers([], false, closed: true);
        Assert.Equal(QueueOutcome.Closed, (await waiting).Outcome);
        Assert.Equal(QueueOutcome.Closed, (await Enter(queue)).Outcome);
    }

    [Fact]
    public async Task A_refused_request_goes_back_to_the_head_of_the_queue_even_when_it_is_full()
    {
        var queue = Queue(length: 1);
        var dead = Worker("Shop#1");
        queue.SetWorkers([dead], false, false);
        var admitted = await Enter(queue);
        var waiting = Enter(queue).AsTask();

        queue.Leave(admitted.Worker!, unusable: true);
        Assert.True(dead.Unusable);
        Assert.False(waiting.IsCompleted);
        var retried = queue.EnterAsync(_time.GetTimestamp(), default, atHead: true).AsTask();
        Assert.False(retried.IsCompleted);

        var fresh = Worker("Shop#2");
        queue.SetWorkers([fresh], false, false);
        Assert.Same(fresh, (await retried).Worker);
        Assert.False(waiting.IsCompleted);
    }

    [Fact]
    public async Task Demand_is_reported_while_requests_wait_with_no_worker_coming_about_once_a_second()
    {
        var queue = Queue();
        queue.SetWorkers([], false, false);
        var first = Enter(queue).AsTask();
        Assert.Equal(1, _demands);
        _ = Enter(queue);
        Assert.Equal(1, _demands);

        _time.Advance(PoolQueue.DemandInterval);
        Assert.Equal(2, _demands);

        // A warming worker is on its way: no more asking.
        queue.SetWorkers([], workerComing: true, closed: false);
        _time.Advance(PoolQueue.DemandInterval * 3);
        Assert.Equal(2, _demands);

        queue.SetWorkers([Worker("Shop#1"), Worker("Shop#2")], false, false);
        Assert.Equal(QueueOutcome.Admitted, (await first).Outcome);
        _time.Advance(PoolQueue.DemandInterval * 3);
        Assert.Equal(2, _demands);
    }

    [Fact]
    public void No_demand_while_a_worker_has_room()
    {
        var queue = Queue();
        queue.SetWorkers([Worker("Shop#1")], false, false);
        _ = Enter(queue);
        _time.Advance(PoolQueue.DemandInterval * 2);
        Assert.Equal(0, _demands);
    }

    [Fact]
    public async Task A_web_garden_spreads_requests()
    {
        var queue = Queue(perWorker: 0);
        WorkerSlot[] garden = [Worker("Shop#1"), Worker("Shop#2"), Worker("Shop#3")];
        queue.SetWorkers(garden, false, false);
        var chosen = new List<string>();
        for (var i = 0; i < 9; i++)
        {
            var admitted = await Enter(queue);
            chosen.Add(admitted.Worker!.Id);
            queue.Leave(admitted.Worker!);
        }
        // Each request ended before the next: all tied, so each worker took its turn.
        Assert.All(chosen.GroupBy(id => id), g => Assert.Equal(3, g.Count()));
        Assert.Equal(3, chosen.Distinct().Count());

        // Held at once: the fewest in flight each time.
        for (var i = 0; i < 6; i++) _ = await Enter(queue);
        Assert.All(garden, w => Assert.Equal(2, w.InFlight));
    }
}
