using Microsoft.Extensions.Time.Testing;
using Wharf.Www.Limits;

namespace Wharf.Www.Tests;

public sealed class TokenBucketTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void A_full_bucket_lets_its_burst_through_at_once_and_then_makes_writers_wait_for_the_rate()
    {
        var bucket = new TokenBucket(64 * 1024, _time);
        Assert.Equal(8 * 1024, bucket.Burst);

        Assert.Equal(TimeSpan.Zero, bucket.Take((int)bucket.Burst));
        // 16 KiB more at 64 KiB/s: a quarter of a second.
        Assert.Equal(TimeSpan.FromSeconds(0.25), bucket.Take(16 * 1024));
    }

    [Fact]
    public void By_any_time_at_most_the_burst_plus_the_rate_times_the_elapsed_time_goes_through()
    {
        const long Rate = 10_000;
        var bucket = new TokenBucket(Rate, _time);
        var start = _time.GetUtcNow();
        long sent = 0;
        for (var i = 0; i < 500; i++)
        {
            var wait = bucket.Take(bucket.ChunkSize);
            _time.Advance(wait);
            sent += bucket.ChunkSize;
            var elapsed = (_time.GetUtcNow() - start).TotalSeconds;
            Assert.True(sent <= bucket.Burst + Rate * elapsed + 1, $"{sent} bytes by {elapsed} s");
        }
        // And it does let the rate through, not less.
        Assert.InRange((_time.GetUtcNow() - start).TotalSeconds, (sent - bucket.Burst) / (double)Rate - 0.001, sent / (double)Rate);
    }

    [Fact]
    public void Two_writers_share_the_rate_because_their_debts_add_up()
    {
        var bucket = new TokenBucket(8 * 1024, _time);
        bucket.Take((int)bucket.Burst);

        var first = bucket.Take(4096);
        var second = bucket.Take(4096);

        Assert.Equal(TimeSpan.FromSeconds(0.5), first);
        Assert.Equal(TimeSpan.FromSeconds(1), second);
    }

    [Fact]
    public void The_bucket_refills_at_the_rate_up_to_its_burst_only()
    {
        var bucket = new TokenBucket(16 * 1024, _time);
        bucket.Take((int)bucket.Burst);
        _time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(TimeSpan.Zero, bucket.Take((int)bucket.Burst));
        Assert.True(bucket.Take(1) > TimeSpan.Zero);
    }

    [Fact]
    public void A_new_rate_applies_to_the_next_take()
    {
        var bucket = new TokenBucket(8 * 1024, _time);
        bucket.Take((int)bucket.Burst);
        bucket.SetRate(16 * 1024);

        Assert.Equal(TimeSpan.FromSeconds(0.5), bucket.Take(8 * 1024));
    }

    [Fact]
    public async Task A_writer_cancelled_while_waiting_gives_its_bytes_back()
    {
        var bucket = new TokenBucket(8 * 1024, _time);
        bucket.Take((int)bucket.Burst);
        using var cancel = new CancellationTokenSource();

        var waiting = bucket.WaitToSendAsync(8 * 1024, cancel.Token).AsTask();
        Assert.False(waiting.IsCompleted);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        // Only the first burst's debt is left: nothing, since the bucket was emptied exactly.
        Assert.Equal(TimeSpan.FromSeconds(0.5), bucket.Take(4 * 1024));
    }

    [Fact]
    public async Task A_waiting_writer_goes_on_when_the_time_has_passed()
    {
        var bucket = new TokenBucket(8 * 1024, _time);
        bucket.Take((int)bucket.Burst);

        var waiting = bucket.WaitToSendAsync(4 * 1024, CancellationToken.None).AsTask();
        _time.Advance(TimeSpan.FromSeconds(0.4));
        Assert.False(waiting.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
