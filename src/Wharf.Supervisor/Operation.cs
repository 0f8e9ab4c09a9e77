namespace Wharf.Supervisor;

/// <summary>
/// One operation's context for the services it touches: where its progress goes, and which
/// process asked for it (over its control channel), if one did. The supervisor never waits,
/// inside an operation a process asked for, for that process's own answer or exit: a drain of
/// the requester is started, handed to <see cref="After"/>, and awaited only once the reply is sent.
/// </summary>
internal sealed class Operation(ProgressReporter progress, int? requesterPid = null)
{
    private readonly List<Task> _afterReply = [];

    public static Operation Quiet() => new((_, _, _) => { });

    public ProgressReporter Progress => progress;

    public bool IsRequester(ServiceProcess process) => requesterPid == process.Pid;

    /// <summary>Work that involves the requester's own end, to be awaited after the reply.</summary>
    public void After(Task work)
    {
        lock (_afterReply) _afterReply.Add(work);
    }

    public Task AfterReplyAsync()
    {
        lock (_afterReply) return Task.WhenAll(_afterReply.ToArray());
    }
}
