namespace Wharf.Supervisor.Lifecycle;

/// <summary>
/// The wait, after <c>stop</c>, for each process's answer (<c>stopping</c>, with what it holds),
/// so that the <c>stopping</c> event counts what the process holds now rather than what its last
/// pong said, up to a ping interval ago. Bounded: a hung process does not answer.
/// </summary>
internal static class StoppingAnswers
{
    /// <summary>A healthy process answers in milliseconds; a hung one is not waited for longer.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(1);

    public static Task WaitAsync(IEnumerable<Task> answers, TimeProvider time) =>
        Task.WhenAny(Task.WhenAll(answers), Task.Delay(Limit, time));
}
