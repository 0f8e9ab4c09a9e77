namespace Wharf.TestKit;

/// <summary>
/// Makes a running process misbehave from outside, the way real ones do, so the product carries
/// no test switches: stopped by SIGSTOP, it answers no ping and does not exit; given a child
/// through gdb, it has started something of its own.
/// </summary>
public static class Misbehave
{
    /// <summary>The process stops: it reads nothing, answers nothing, and exits only when killed.</summary>
    public static void Freeze(int pid) => Signals.Send(pid, Signals.SIGSTOP);

    /// <summary>
    /// The process starts <paramref name="command"/> as its own child (popen(3), called in it by
    /// gdb), in its own process group, as a service starting a helper would; the new child's pid.
    /// </summary>
    public static async Task<int> StartChildAsync(int pid, string command)
    {
        var before = ProcessTable.OtherMembersOfGroup(pid).ToHashSet();
        var gdb = await CommandResult.RunAsync("gdb", ["-p", pid.ToString(), "-batch", "-nx", "-ex", $"call (void*)popen(\"{command}\", \"r\")"],
            TimeSpan.FromSeconds(60));
        if (gdb.ExitCode != 0) throw new InvalidOperationException($"gdb could not make pid {pid} start a child: {gdb}");
        var children = ProcessTable.OtherMembersOfGroup(pid).Where(p => !before.Contains(p)).ToArray();
        return children.Length == 1
            ? children[0]
            : throw new InvalidOperationException($"expected one new member of pid {pid}'s group after popen, found {children.Length}: {gdb}");
    }
}
