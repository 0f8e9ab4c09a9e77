using System.Runtime.InteropServices;
using System.Text.Json;

namespace Wharf.Hosting.Launch;

/// <summary>
/// `wharf exec-step`: run by a parent with Process.Start (which can do none of this for a child),
/// it puts itself in order and then execve's the program, so the parent's Process is the
/// program's pid and exit. In this order, each step needing the privilege the next one drops:
/// session or group, cgroup, rlimits, groups/gid/uid (and a check that root cannot be had back),
/// descriptors, umask, signals, working directory, execve with only the given environment.
/// It reads one JSON object from its parent and nothing from the network.
/// </summary>
internal static class ExecStep
{
    public const string Command = "exec-step";

    /// <summary>The variable the parent puts the spec in; it is not passed on to the program.</summary>
    public const string SpecVariable = "WHARF_LAUNCH_SPEC";

    private const int HighestDescriptor = 65535;

    /// <summary>CPU_SETSIZE: the processors a cpu_set_t can name.</summary>
    public const int MaxCpus = 1024;

    private const string ListenPid = "LISTEN_PID";

    public static int Main() => Run(Environment.GetEnvironmentVariable(SpecVariable), new LinuxExecSyscalls(), Console.Error);

    public static LaunchSpec? Parse(string? text, out string? error)
    {
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            error = $"{SpecVariable} is not set: the exec step runs only under wharf serve";
            return null;
        }
        LaunchSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize(text, LaunchJsonContext.Default.LaunchSpec);
        }
        catch (JsonException e)
        {
            error = $"the launch spec is not valid: {e.Message}";
            return null;
        }
        error = spec is null ? "the launch spec is empty" : Check(spec);
        return error is null ? spec : null;
    }

    private static string? Check(LaunchSpec spec)
    {
        if (!Path.IsPathRooted(spec.Program)) return $"program {spec.Program} is not an absolute path";
        if (!Path.IsPathRooted(spec.WorkingDirectory)) return $"workingDirectory {spec.WorkingDirectory} is not an absolute path";
        if (spec.Rlimits.FirstOrDefault(r => Rlimits.Number(r.Resource) is null) is { } unknown) return $"rlimit {unknown.Resource} is not one this step knows";
        if (spec.Rlimits.FirstOrDefault(r => r.Soft > r.Hard) is { } inverted) return $"rlimit {inverted.Resource}: soft {inverted.Soft} is above hard {inverted.Hard}";
        if (spec.Descriptors.FirstOrDefault(d => d.From < 0 || d.To < 0 || d.From > HighestDescriptor || d.To > HighestDescriptor) is { } bad) return $"descriptor {bad.From} -> {bad.To} is out of range";
        if (spec.Descriptors.GroupBy(d => d.To).FirstOrDefault(g => g.Count() > 1) is { } twice) return $"descriptor {twice.Key} is the target of two moves";
        if (spec.Umask is < 0 or > 0x1FF) return $"umask {spec.Umask} is not between 0 and 0777";
        if (spec.Environment.Keys.FirstOrDefault(k => k.Length == 0 || k.Contains('=')) is { } name) return $"environment name \"{name}\" is not one";
        if (spec.CpuAffinity is { } cpus && (cpus.Count == 0 || cpus.Any(c => c is < 0 or >= MaxCpus))) return $"cpuAffinity [{string.Join(",", cpus)}] names no processor, or one past {MaxCpus - 1}";
        return null;
    }

    public static int Run(string? specText, IExecSyscalls sys, TextWriter stderr)
    {
        if (Parse(specText, out var error) is not { } spec) return Fail(stderr, "spec", error!, 0, ExecStepExit.Spec);

        var isolated = spec.Isolation switch
        {
            LaunchIsolation.Session => (Step: "setsid", Errno: sys.CreateSession()),
            LaunchIsolation.Group => (Step: "setpgid", Errno: sys.CreateProcessGroup()),
            _ => (Step: "", Errno: 0),
        };
        if (isolated.Errno != 0) return Fail(stderr, isolated.Step, "", isolated.Errno, ExecStepExit.Session);

        foreach (var cgroup in spec.Cgroups)
            if (sys.JoinCgroup(cgroup) is var e and not 0) return Fail(stderr, "cgroup", $"joining {cgroup}", e, ExecStepExit.Cgroup);

        foreach (var limit in spec.Rlimits)
            if (sys.SetRlimit(Rlimits.Number(limit.Resource)!.Value, limit.Soft, limit.Hard) is var e and not 0)
                return Fail(stderr, "setrlimit", $"{limit.Resource} {limit.Soft}/{limit.Hard}", e, ExecStepExit.Limits);

        if (spec.CpuAffinity is { } cpus && sys.SetCpuAffinity(cpus) is var a and not 0)
            return Fail(stderr, "sched_setaffinity", string.Join(",", cpus), a, ExecStepExit.CpuAffinity);

        if (spec.Account is { } account && BecomeAccount(account, sys, stderr) is var exit and not 0) return exit;

        if (PlaceDescriptors(spec.Descriptors, sys, out var what) is var d and not 0) return Fail(stderr, "descriptors", what, d, ExecStepExit.Descriptors);

        if (spec.Umask is { } mask) sys.SetUmask(mask);
        if (sys.ResetSignals() is var s and not 0) return Fail(stderr, "signals", "", s, ExecStepExit.Signals);
        if (sys.ChangeDirectory(spec.WorkingDirectory) is var c and not 0) return Fail(stderr, "chdir", spec.WorkingDirectory, c, ExecStepExit.ChangeDirectory);

        string[] argv = [spec.Program, .. spec.Arguments];
        string[] environment = spec.SetListenPid
            ? [.. spec.Environment.Where(v => v.Key != ListenPid).Select(v => $"{v.Key}={v.Value}"), $"{ListenPid}={sys.ProcessId()}"]
            : [.. spec.Environment.Select(v => $"{v.Key}={v.Value}")];
        var x = sys.Execute(spec.Program, argv, environment);
        return x == 0 ? ExitCodes.Ok : Fail(stderr, "execve", spec.Program, x, ExecStepExit.Execute);
    }

    private static int BecomeAccount(LaunchAccount account, IExecSyscalls sys, TextWriter stderr)
    {
        // Groups first: once the uid is dropped, the groups can no longer be changed.
        if (sys.SetGroups(account.Groups) is var g and not 0) return Fail(stderr, "setgroups", string.Join(",", account.Groups), g, ExecStepExit.Group);
        if (sys.SetGid(account.Gid) is var gid and not 0) return Fail(stderr, "setgid", account.Gid.ToString(), gid, ExecStepExit.Group);
        if (sys.SetUid(account.Uid) is var uid and not 0) return Fail(stderr, "setuid", account.Uid.ToString(), uid, ExecStepExit.User);
        if (account.Uid == 0) return 0;
        // setuid(2) as root sets the real, effective and saved ids alike; make sure, and that
        // root cannot be had back, before running anything the configuration named.
        var ids = sys.UserIds();
        if (ids != (account.Uid, account.Uid, account.Uid))
            return Fail(stderr, "setuid", $"the ids are {ids.Real}/{ids.Effective}/{ids.Saved}, not {account.Uid}", 0, ExecStepExit.User);
        if (sys.SetUid(0) == 0) return Fail(stderr, "setuid", "root could be had back after dropping to " + account.Uid, 0, ExecStepExit.User);
        return 0;
    }

    private static int PlaceDescriptors(IReadOnlyList<LaunchDescriptor> descriptors, IExecSyscalls sys, out string what)
    {
        var moves = descriptors.Where(d => d.From != d.To).ToList();
        // Each source is first copied to a free number above every one named (F_DUPFD: below the
        // rlimit just set, and clobbering nothing), then to its place: a move whose target is
        // another's source cannot lose it.
        var floor = moves.Count == 0 ? 0 : descriptors.Max(d => Math.Max(d.From, d.To)) + 1;
        var scratch = new int[moves.Count];
        for (var i = 0; i < moves.Count; i++)
        {
            what = $"{moves[i].From} -> a free descriptor above {floor - 1}";
            if (sys.DuplicateAbove(moves[i].From, floor, out scratch[i]) is var e and not 0) return e;
        }
        for (var i = 0; i < moves.Count; i++)
        {
            what = $"{moves[i].From} (as {scratch[i]}) -> {moves[i].To}";
            if (sys.MoveDescriptor(scratch[i], moves[i].To) is var e and not 0) return e;
        }
        what = "closing the others";
        return sys.KeepOnly(descriptors.Select(d => d.To).ToHashSet());
    }

    private static int Fail(TextWriter stderr, string step, string what, int errno, int code)
    {
        var why = errno == 0 ? "" : $": {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
        stderr.WriteLine($"wharf exec-step: {step} failed{(what.Length > 0 ? " (" + what + ")" : "")}{why}");
        stderr.Flush();
        return code;
    }
}
