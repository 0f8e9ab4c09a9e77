using Microsoft.Extensions.Time.Testing;
using Wharf.Config.Model;
using Wharf.Hosting;
using Wharf.Hosting.Control;

namespace Wharf.Supervisor.Tests;

/// <summary>A draining service reports what it holds every second, and stops when the drain ends.</summary>
public sealed class DrainReportsTests
{
    private sealed class Holding(Func<long> connections) : IWharfService
    {
        public Task StartAsync(ServiceContext context, CancellationToken cancellationToken) => Task.CompletedTask;
        public Task<ApplyResult> ApplyAsync(WharfConfig config, long version, CancellationToken cancellationToken) => Task.FromResult(ApplyResult.Applied);
        public Task StopAsync(DateTimeOffset deadline) => Task.CompletedTask;
        public ServiceFigures GetFigures() => new(connections());
    }

    [Fact]
    public async Task Reports_each_second_what_is_held_then_stops_with_the_drain()
    {
        var time = new FakeTimeProvider();
        var held = 3L;
        var sent = new List<ControlMessage>();
        var one = new SemaphoreSlim(0);
        var drained = new TaskCompletionSource();
        var reports = DrainReports.RunAsync(m => { lock (sent) sent.Add(m); one.Release(); return Task.CompletedTask; },
            new Holding(() => held), drained.Task, time);

        time.Advance(DrainReports.Interval);
        Assert.True(await one.WaitAsync(TimeSpan.FromSeconds(10)));
        held = 1;
        time.Advance(DrainReports.Interval);
        Assert.True(await one.WaitAsync(TimeSpan.FromSeconds(10)));
        drained.SetResult();
        await reports.WaitAsync(TimeSpan.FromSeconds(10));
        time.Advance(DrainReports.Interval * 5);

        Assert.Equal([3L, 1L], sent.Select(m => m.Holding!.Connections));
        Assert.All(sent, m => Assert.Equal(ControlMessageType.Holding, m.Type));
        Assert.All(sent, m => Assert.Equal(m.Holding!.Connections, m.Connections));
    }

    [Fact]
    public async Task Sends_nothing_when_the_drain_ends_before_the_first_second()
    {
        var time = new FakeTimeProvider();
        var sent = 0;
        var drained = new TaskCompletionSource();
        var reports = DrainReports.RunAsync(_ => { sent++; return Task.CompletedTask; }, new Holding(() => 5), drained.Task, time);

        drained.SetResult();
        await reports.WaitAsync(TimeSpan.FromSeconds(10));
        time.Advance(DrainReports.Interval * 3);

        Assert.Equal(0, sent);
    }
}
