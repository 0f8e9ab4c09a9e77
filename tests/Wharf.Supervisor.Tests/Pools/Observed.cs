namespace Wharf.Supervisor.Tests.Pools;

/// <summary>Things that happen in order (tables sent, launches, signals): a test awaits the first that matches, seen or still to come, instead of sleeping.</summary>
internal sealed class Observed<T>
{
    private readonly List<T> _items = [];
    private readonly List<(Func<T, bool> Match, TaskCompletionSource<T> Done)> _waiters = [];

    public IReadOnlyList<T> All
    {
        get { lock (_items) return _items.ToArray(); }
    }

    public void Add(T item)
    {
        List<TaskCompletionSource<T>> done = [];
        lock (_items)
        {
            _items.Add(item);
            foreach (var w in _waiters.Where(w => w.Match(item)).ToArray())
            {
                _waiters.Remove(w);
                done.Add(w.Done);
            }
        }
        foreach (var d in done) d.TrySetResult(item);
    }

    /// <summary>The first item, from the <paramref name="skip"/>-th on, that matches.</summary>
    public Task<T> WaitAsync(Func<T, bool> match, int skip = 0)
    {
        lock (_items)
        {
            foreach (var item in _items.Skip(skip))
                if (match(item)) return Task.FromResult(item);
            var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, done));
            return done.Task.WaitAsync(TimeSpan.FromSeconds(20));
        }
    }

    public int Count
    {
        get { lock (_items) return _items.Count; }
    }
}
