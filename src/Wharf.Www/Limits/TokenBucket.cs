namespace Wharf.Www.Limits;

/// <summary>
/// A site's bandwidth (IIS's maxBandwidth): one bucket of bytes shared by all of its responses,
/// refilled at <see cref="Rate"/> bytes per second up to <see cref="Burst"/>. A writer takes
/// what it is about to send and, if that leaves the bucket in debt, waits until the debt is paid
/// off. Debts add up, so concurrent writers queue behind each other and share the rate; and by
/// any time t at most Burst + Rate * t bytes have been let through, which is what the tests check.
/// </summary>
internal sealed class TokenBucket
{
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private double _tokens;
    private long _lastRefill;
    private long _rate;

    public TokenBucket(long bytesPerSecond, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytesPerSecond, 1);
        _time = time;
        _rate = bytesPerSecond;
        _tokens = BurstFor(bytesPerSecond);
        _lastRefill = time.GetTimestamp();
    }

    public long Rate => Interlocked.Read(ref _rate);

    /// <summary>What may go out at once after a quiet spell: an eighth of a second's worth, at least one chunk.</summary>
    public long Burst => BurstFor(Rate);

    /// <summary>How much one write takes at a time, so that a 64 KiB write on a slow site does not go out as one lump.</summary>
    public int ChunkSize => ChunkFor(Rate);

    /// <summary>A new configuration's rate; writers already waiting finish their waits at the old one.</summary>
    public void SetRate(long bytesPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytesPerSecond, 1);
        lock (_lock)
        {
            Refill();
            _rate = bytesPerSecond;
            _tokens = Math.Min(_tokens, BurstFor(bytesPerSecond));
        }
    }

    /// <summary>Takes <paramref name="bytes"/> and returns how long to wait before sending them (zero when the bucket had them).</summary>
    public TimeSpan Take(int bytes)
    {
        lock (_lock)
        {
            Refill();
            _tokens -= bytes;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _rate);
        }
    }

    /// <summary>Gives back what a writer took but did not send (its request was aborted while it waited).</summary>
    public void Return(int bytes)
    {
        lock (_lock) _tokens = Math.Min(_tokens + bytes, BurstFor(_rate));
    }

    public async ValueTask WaitToSendAsync(int bytes, CancellationToken cancellationToken)
    {
        var wait = Take(bytes);
        if (wait <= TimeSpan.Zero) return;
        try
        {
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Return(bytes);
            throw;
        }
    }

    private void Refill()
    {
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(_lastRefill, now).TotalSeconds;
        _lastRefill = now;
        _tokens = Math.Min(_tokens + elapsed * _rate, BurstFor(_rate));
    }

    private static long BurstFor(long rate) => Math.Max(rate / 8, ChunkFor(rate));

    private static int ChunkFor(long rate) => (int)Math.Clamp(rate / 16, 512, 16 * 1024);
}
