using Wharf.Admin.Metrics;
using static Wharf.Admin.Tests.Metrics.Readings;

namespace Wharf.Admin.Tests.Metrics;

public sealed class SampleRatesTests
{
    [Fact]
    public void Rates_are_counter_deltas_over_the_interval_by_status_class()
    {
        var sample = SampleRates.Compute(At(0, 100, Site(ok: 10, notFound: 2, sent: 1000, received: 50)), At(5, 100, Site(ok: 60, notFound: 7, sent: 6000, received: 100), connections: 3));

        Assert.Equal(Start.AddSeconds(5), sample.T);
        Assert.Equal(11, sample.RequestsPerSecond);
        Assert.Equal(10, sample.StatusPerSecond["2xx"]);
        Assert.Equal(1, sample.StatusPerSecond["4xx"]);
        Assert.Equal(0, sample.StatusPerSecond["5xx"]);
        Assert.Equal(["1xx", "2xx", "3xx", "4xx", "5xx"], sample.StatusPerSecond.Keys.Order());
        Assert.Equal(1000, sample.BytesSentPerSecond);
        Assert.Equal(10, sample.BytesReceivedPerSecond);
        Assert.Equal(3, sample.Connections);
    }

    [Fact]
    public void A_counter_that_went_down_started_again_from_zero_and_is_never_a_negative_rate()
    {
        var sample = SampleRates.Compute(At(0, 100, Site(ok: 500)), At(5, 100, Site(ok: 20)));

        Assert.Equal(4, sample.RequestsPerSecond);
        Assert.Equal(20, SampleRates.Delta(500, 20));
        Assert.Equal(5, SampleRates.Delta(15, 20));
    }

    [Fact]
    public void A_new_www_process_counts_from_zero_even_when_its_counters_passed_the_old_ones()
    {
        // www restarted (pid 100 -> 200) and the new process already counted more than the old had.
        var sample = SampleRates.Compute(At(0, 100, Site(ok: 5)), At(5, 200, Site(ok: 25)));

        Assert.Equal(5, sample.RequestsPerSecond);
    }

    [Fact]
    public void A_pool_s_cpu_is_its_workers_cpu_seconds_over_the_interval_and_memory_is_their_sum()
    {
        var before = At(0, 100, Site(0), 0, Pool("App", 0, Worker("App#1", 11, cpuSeconds: 10, memory: 100)));
        var after = At(5, 100, Site(0), 0, Pool("App", 4,
            Worker("App#1", 11, cpuSeconds: 12.5, memory: 300),
            // Started within the interval: all its CPU is this interval's.
            Worker("App#2", 12, cpuSeconds: 0.5, memory: 50, startedAtSeconds: 2),
            // Running before but never sampled then: its CPU so far is not this interval's.
            Worker("App#3", 13, cpuSeconds: 40, memory: 70, startedAtSeconds: -30)));

        var pool = SampleRates.Compute(before, after).Pools["App"];

        Assert.Equal(4, pool.QueueLength);
        Assert.Equal(420, pool.MemoryBytes);
        Assert.Equal(60, pool.CpuPercent);
    }
}
