using Wharf.Admin.Metrics;

namespace Wharf.Admin.Tests.Metrics;

public sealed class MetricsHistoryTests : IDisposable
{
    private static readonly DateTimeOffset Now = Readings.Start;
    private readonly string _folder = Directory.CreateTempSubdirectory("wharf-history.").FullName;

    private string File_ => Path.Combine(_folder, "state", "admin", "metrics-history.json");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static MetricsSample Sample(double secondsAgo, double rps = 1) => new() { T = Now.AddSeconds(-secondsAgo), RequestsPerSecond = rps };

    [Fact]
    public void Keeps_an_hour_of_samples_and_drops_the_oldest_first()
    {
        var history = new MetricsHistory(File_);
        for (var i = MetricsHistory.Capacity + 9; i >= 0; i--) history.Add(Sample(i * 5.0, rps: i));

        Assert.Equal(720, MetricsHistory.Capacity);
        Assert.Equal(MetricsHistory.Capacity, history.Count);
        var all = history.Since(Now, 60);
        Assert.Equal(MetricsHistory.Capacity - 1, all[0].RequestsPerSecond);
        Assert.Equal(0, all[^1].RequestsPerSecond);
        Assert.Equal(12, history.Since(Now, 1).Count); // one minute back, the boundary left out
    }

    [Fact]
    public void A_saved_history_is_read_back_by_the_next_process_without_points_beyond_the_hour()
    {
        var first = new MetricsHistory(File_);
        first.Add(Sample(4000));
        first.Add(Sample(10, rps: 2));
        first.Add(Sample(5, rps: 3));
        first.Save(Now);

        var next = new MetricsHistory(File_);
        Assert.Null(next.Merge(Now.AddSeconds(5)));

        Assert.Equal([2.0, 3.0], next.Since(Now.AddSeconds(5), 60).Select(s => s.RequestsPerSecond));
        Assert.Equal(Now.AddSeconds(-10), next.Since(Now, 60)[0].T);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(File_)!, "*.tmp"));
    }

    [Fact]
    public void What_the_previous_process_saved_after_this_one_started_goes_before_its_own_samples()
    {
        var previous = new MetricsHistory(File_);
        var next = new MetricsHistory(File_);
        next.Merge(Now);                       // at start: nothing saved yet
        previous.Add(Sample(20, rps: 1));
        previous.Add(Sample(15, rps: 2));
        next.Add(Sample(5, rps: 4));           // the new process's first sample
        previous.Add(Sample(4, rps: 3));       // overlapped: the old one still sampled
        previous.Save(Now);                    // and saved as it stopped

        next.Merge(Now);

        Assert.Equal([1.0, 2.0, 4.0], next.Since(Now, 60).Select(s => s.RequestsPerSecond));
    }

    [Fact]
    public void A_missing_file_is_an_empty_history_and_a_corrupt_one_is_reported()
    {
        var history = new MetricsHistory(File_);
        Assert.Null(history.Merge(Now));
        Assert.Equal(0, history.Count);

        Directory.CreateDirectory(Path.GetDirectoryName(File_)!);
        File.WriteAllText(File_, "{\"intervalSeconds\": 5, \"samples\": [ {\"t\": ");
        var problem = history.Merge(Now);

        Assert.Contains("could not be read", problem);
        Assert.Equal(0, history.Count);
    }
}
