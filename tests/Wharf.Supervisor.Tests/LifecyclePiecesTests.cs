using Microsoft.Extensions.Time.Testing;
using Wharf.Supervisor.Lifecycle;
using Wharf.Supervisor.Tests.Fakes;

namespace Wharf.Supervisor.Tests;

/// <summary>Readiness, liveness and drain on a fake clock and fake processes: what any supervised process (service or pool worker) runs on.</summary>
public sealed class LifecyclePiecesTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));

    private SupervisedProcess Process(FakeProcess fake, bool exitsWhenAskedToStop = false)
    {
        var p = new SupervisedProcess(fake, _time);
        p.StopsBy(_ =>
        {
            if (exitsWhenAskedToStop) fake.Exit();
            return Task.CompletedTask;
        });
        return p;
    }

    [Fact]
    public async Task Readiness_is_ready_when_the_process_says_so_before_the_limit()
    {
        var p = Process(new FakeProcess(1));
        var waiting = Readiness.WaitAsync(p, TimeSpan.FromSeconds(30), _time);

        p.MarkReady();

        Assert.Equal(ReadinessResult.Ready, await waiting.WaitAsync(Wait));
    }

    [Fact]
    public async Task Readiness_times_out_at_the_limit_and_not_before()
    {
        var p = Process(new FakeProcess(1));
        var waiting = Readiness.WaitAsync(p, TimeSpan.FromSeconds(30), _time);

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(waiting.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(ReadinessResult.TimedOut, await waiting.WaitAsync(Wait));
    }

    [Fact]
    public async Task Readiness_sees_an_exit_before_ready()
    {
        var fake = new FakeProcess(1);
        var waiting = Readiness.WaitAsync(Process(fake), TimeSpan.FromSeconds(30), _time);

        fake.Exit(2);

        Assert.Equal(ReadinessResult.Exited, await waiting.WaitAsync(Wait));
    }

    [Fact]
    public async Task Liveness_finds_a_silent_process_hung_once_it_missed_the_limit()
    {
        var p = Process(new FakeProcess(1));
        p.MarkReady();
        var probes = new SemaphoreSlim(0);
        var interval = TimeSpan.FromSeconds(5);
        var watching = Liveness.WatchAsync(p, interval, 3, _ => { probes.Release(); return Task.CompletedTask; }, _time);

        // Silent for 1, 2 and 3 intervals: probed each time, not yet hung.
        for (var i = 0; i < 3; i++)
        {
            _time.Advance(interval);
            Assert.True(await probes.WaitAsync(Wait), $"probe {i + 1} was not sent");
        }
        Assert.False(watching.IsCompleted);
        _time.Advance(interval);

        Assert.Equal(interval * 4, await watching.WaitAsync(Wait));
    }

    [Fact]
    public async Task Liveness_leaves_alone_a_process_that_answers_and_stops_watching_once_it_is_asked_to_stop()
    {
        var p = Process(new FakeProcess(1));
        p.MarkReady();
        var probes = new SemaphoreSlim(0);
        var interval = TimeSpan.FromSeconds(5);
        // A pool worker's probe could be nothing at all, with www's reports calling Heard; here the answer is immediate.
        var watching = Liveness.WatchAsync(p, interval, 3, _ => { p.Heard(); probes.Release(); return Task.CompletedTask; }, _time);

        for (var i = 0; i < 10; i++)
        {
            _time.Advance(interval);
            Assert.True(await probes.WaitAsync(Wait));
        }
        p.ExpectExit();
        _time.Advance(interval);

        Assert.Null(await watching.WaitAsync(Wait));
    }

    [Fact]
    public async Task A_drain_that_finishes_in_time_kills_nothing()
    {
        var fake = new FakeProcess(1);
        var asked = new List<int>();

        var result = await Drain.RunAsync([Process(fake, exitsWhenAskedToStop: true)], TimeSpan.FromSeconds(20), true,
            new TaskCompletionSource<string>().Task, p => asked.Add(p.Pid), (_, _) => { }, _time).WaitAsync(Wait);

        Assert.True(result.Clean);
        Assert.Equal([1], asked);
        Assert.Equal(0, fake.GroupKills);
    }

    [Fact]
    public async Task At_the_deadline_a_drain_kills_the_process_group_and_names_what_it_held()
    {
        var fake = new FakeProcess(7);
        var p = Process(fake);
        p.Holds(3);
        var ticks = new SemaphoreSlim(0);
        var seconds = new List<double>();

        var draining = Drain.RunAsync([p], TimeSpan.FromSeconds(3), true, new TaskCompletionSource<string>().Task,
            _ => { }, (_, left) => { seconds.Add(left); ticks.Release(); }, _time);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(await ticks.WaitAsync(Wait));
            _time.Advance(TimeSpan.FromSeconds(1));
        }
        var result = await draining.WaitAsync(Wait);

        Assert.Equal([3, 2, 1], seconds);
        Assert.Equal([new DrainedProcess(7, 3, p.Forced)], result.Killed);
        Assert.Equal(1, fake.GroupKills);
        // Named with what it last reported, and how old that report was.
        Assert.Equal("killed pid 7 at the 3 s deadline, cutting 3 connections (as of 3.0 s before the kill)", p.KilledBecause);
    }

    [Fact]
    public async Task With_noforce_a_drain_leaves_the_process_running_and_says_so()
    {
        var fake = new FakeProcess(7);
        var ticks = new SemaphoreSlim(0);

        var draining = Drain.RunAsync([Process(fake)], TimeSpan.FromSeconds(1), false, new TaskCompletionSource<string>().Task,
            _ => { }, (_, _) => ticks.Release(), _time);
        Assert.True(await ticks.WaitAsync(Wait));
        _time.Advance(TimeSpan.FromSeconds(1));
        var result = await draining.WaitAsync(Wait);

        Assert.Equal([new DrainedProcess(7, 0)], result.Left);
        Assert.Empty(result.Killed);
        Assert.Equal(0, fake.GroupKills);
    }

    [Fact]
    public async Task End_now_kills_a_draining_process_before_its_deadline_and_says_who_asked()
    {
        var fake = new FakeProcess(7);
        var signal = new EndNowSignal();
        var ticks = new SemaphoreSlim(0);

        var draining = Drain.RunAsync([Process(fake)], TimeSpan.FromMinutes(10), false, signal.Current,
            _ => { }, (_, _) => ticks.Release(), _time);
        Assert.True(await ticks.WaitAsync(Wait));
        signal.Trigger("uid 0 (pid 1)");
        var result = await draining.WaitAsync(Wait);

        Assert.Equal("uid 0 (pid 1)", result.EndedNowBy);
        var killed = Assert.Single(result.Killed);
        Assert.Equal((7, 0L, "uid 0 (pid 1)"), (killed.Pid, killed.Connections, killed.Forced?.EndedNowBy));
        Assert.Equal(1, fake.GroupKills);
        Assert.False(signal.Current.IsCompleted, "a drain that begins later is not ended by an earlier end-now");
    }
}
