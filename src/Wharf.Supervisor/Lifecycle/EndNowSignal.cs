namespace Wharf.Supervisor.Lifecycle;

/// <summary>
/// `end-now`: every drain in progress when it is given ends at once, as at its deadline. A
/// drain takes <see cref="Current"/> when it begins; <see cref="Trigger"/> completes it and
/// arms a fresh one for drains that begin later.
/// </summary>
internal sealed class EndNowSignal
{
    private TaskCompletionSource<string> _current = New();

    public Task<string> Current => Volatile.Read(ref _current).Task;

    /// <param name="by">Who asked, for the reply and the events.</param>
    public void Trigger(string by) => Interlocked.Exchange(ref _current, New()).TrySetResult(by);

    private static TaskCompletionSource<string> New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
