namespace Wharf.Admin.Http.Auth;

/// <summary>
/// The cap on failed logins, per client address and per account: after <c>maxFailures</c> within
/// <c>window</c>, logins from that address or to that account are refused (429) until the oldest
/// failure leaves the window. Per address stops one client guessing many accounts; per account
/// stops many clients guessing one. A success clears both. Pure: a clock and memory; kept in
/// memory only, so a restart of the admin service forgets it (as IIS's does).
/// </summary>
internal sealed class LoginThrottle(TimeProvider time, int maxFailures, TimeSpan window)
{
    // Bounds memory under a flood of distinct addresses or names; older keys go first.
    private const int MaxKeys = 10_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);

    /// <summary>Null when a login may be tried; else how long until one may.</summary>
    public TimeSpan? RetryAfter(string address, string account)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            var wait = Max(Wait(AddressKey(address), now), Wait(AccountKey(account), now));
            return wait > TimeSpan.Zero ? wait : null;
        }
    }

    public void Failed(string address, string account)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (_failures.Count >= MaxKeys) Prune(now);
            Add(AddressKey(address), now);
            Add(AccountKey(account), now);
        }
    }

    public void Succeeded(string address, string account)
    {
        lock (_lock)
        {
            _failures.Remove(AddressKey(address));
            _failures.Remove(AccountKey(account));
        }
    }

    private TimeSpan Wait(string key, DateTimeOffset now)
    {
        if (!_failures.TryGetValue(key, out var times)) return TimeSpan.Zero;
        Expire(times, now);
        if (times.Count < maxFailures) return TimeSpan.Zero;
        // The (count - max + 1)th oldest must leave the window before the count is under the cap.
        var blocking = times.ElementAt(times.Count - maxFailures);
        return blocking + window - now;
    }

    private void Add(string key, DateTimeOffset now)
    {
        if (!_failures.TryGetValue(key, out var times)) _failures[key] = times = new Queue<DateTimeOffset>();
        Expire(times, now);
        times.Enqueue(now);
        // More than the cap says nothing more; keep memory per key bounded.
        while (times.Count > maxFailures) times.Dequeue();
    }

    private void Expire(Queue<DateTimeOffset> times, DateTimeOffset now)
    {
        while (times.Count > 0 && times.Peek() + window <= now) times.Dequeue();
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, times) in _failures.ToArray())
        {
            Expire(times, now);
            if (times.Count == 0) _failures.Remove(key);
        }
        if (_failures.Count < MaxKeys) return;
        foreach (var key in _failures.OrderBy(f => f.Value.Last()).Take(_failures.Count - MaxKeys / 2).Select(f => f.Key).ToArray())
            _failures.Remove(key);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string AddressKey(string address) => "address:" + address;

    private static string AccountKey(string account) => "account:" + account;
}
