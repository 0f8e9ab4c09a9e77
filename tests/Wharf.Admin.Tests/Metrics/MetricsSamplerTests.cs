using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Wharf.Admin.Metrics;
using Wharf.Hosting.Control;
using Wharf.Hosting.Control.Metrics;

namespace Wharf.Admin.Tests.Metrics;

public sealed class MetricsSamplerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wharf-sampler.").FullName;
    private readonly FakeTimeProvider _time = new(Readings.Start);
    private long _requests;

    private string File_ => Path.Combine(_folder, "metrics-history.json");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // The supervisor as the admin service sees it: status, and www's figures with one site.
    private Task<ControlReply> Ask(ControlRequest request, CancellationToken _) => Task.FromResult(request.Command switch
    {
        ControlCommand.Status => new ControlReply
        {
            Type = ControlReplyType.Result,
            Ok = true,
            Services = [new ServiceStatus { Name = "www", State = ServiceState.Running, Pid = 42, Connections = 2 }],
        },
        ControlCommand.Figures => new ControlReply
        {
            Type = ControlReplyType.Result,
            Ok = true,
            Sites = new Dictionary<string, IReadOnlyList<SiteFigures>>
            {
                ["www"] = [new SiteFigures { Site = "Default Web Site", Statuses = [new StatusCount(200, _requests)] }],
            },
        },
        _ => new ControlReply { Type = ControlReplyType.Error, Message = "not in this test" },
    });

    private MetricsSampler Sampler() => new(new MetricsHistory(File_), Ask, _time, NullLogger.Instance);

    [Fact]
    public async Task Samples_every_tick_from_the_second_and_saves_once_a_minute_and_at_stop()
    {
        var sampler = Sampler();

        await sampler.TickAsync(CancellationToken.None);
        Assert.Equal(0, sampler.History.Count); // the first reading is only a base

        for (var i = 1; i <= 11; i++)
        {
            _requests += 50;
            _time.Advance(TimeSpan.FromSeconds(5));
            await sampler.TickAsync(CancellationToken.None);
        }
        Assert.Equal(11, sampler.History.Count);
        Assert.All(sampler.History.Since(_time.GetUtcNow(), 60), s => Assert.Equal(10, s.RequestsPerSecond));
        Assert.All(sampler.History.Since(_time.GetUtcNow(), 60), s => Assert.Equal(2, s.Connections));
        Assert.False(File.Exists(File_), "55 s in: not saved yet");

        _requests += 50;
        _time.Advance(TimeSpan.FromSeconds(5));
        await sampler.TickAsync(CancellationToken.None);
        var saved = new MetricsHistory(File_);
        saved.Merge(_time.GetUtcNow());
        Assert.Equal(12, saved.Count);

        _time.Advance(TimeSpan.FromSeconds(5));
        await sampler.TickAsync(CancellationToken.None);
        await sampler.DisposeAsync();
        var atStop = new MetricsHistory(File_);
        atStop.Merge(_time.GetUtcNow());
        Assert.Equal(13, atStop.Count);
        Assert.Equal(0, atStop.Since(_time.GetUtcNow(), 60)[^1].RequestsPerSecond);
    }

    [Fact]
    public async Task A_restarted_sampler_keeps_the_chart_and_goes_on_from_a_new_base()
    {
        var first = Sampler();
        await first.TickAsync(CancellationToken.None);
        _requests = 100;
        _time.Advance(TimeSpan.FromSeconds(5));
        await first.TickAsync(CancellationToken.None);
        await first.DisposeAsync();

        var next = Sampler();
        _time.Advance(TimeSpan.FromSeconds(5));
        await next.TickAsync(CancellationToken.None);

        var points = next.History.Since(_time.GetUtcNow(), 60);
        Assert.Equal(20, Assert.Single(points).RequestsPerSecond);
    }
}
