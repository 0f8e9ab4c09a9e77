using System.Diagnostics;
using System.Globalization;

namespace Wharf.FunctionalTests;

/// <summary>
/// strace(1) attached to a running process to kill it at one system call: an observer from
/// outside that stops the process at that step, not after it (syscall fault injection,
/// <c>-e inject=SYSCALL:signal=KILL:when=1</c>). The signal is delivered at the syscall's entry,
/// and a fatal signal there means the call is never made.
/// </summary>
internal sealed class Strace : IAsyncDisposable
{
    public const string Program = "/usr/bin/strace";

    private readonly Process _process;
    private readonly string _output;

    private Strace(Process process, string output)
    {
        _process = process;
        _output = output;
    }

    /// <summary>
    /// Why a test cannot attach strace to a service here, or null when it can. Under a root
    /// supervisor services run as another account, which takes CAP_SYS_PTRACE to trace; otherwise
    /// the same user may trace them unless Yama restricts attaching to descendants.
    /// </summary>
    public static string? WhyNot()
    {
        if (!File.Exists(Program)) return $"{Program} is not installed";
        var scope = File.Exists("/proc/sys/kernel/yama/ptrace_scope") ? File.ReadAllText("/proc/sys/kernel/yama/ptrace_scope").Trim() : "0";
        if (scope == "3") return "ptrace is disabled (kernel.yama.ptrace_scope = 3)";
        if (Environment.UserName == "root")
            return HasCapability(19) ? null : "running as root without CAP_SYS_PTRACE, which tracing a service's own account needs";
        return scope == "0" ? null : $"kernel.yama.ptrace_scope = {scope}: only descendants may be traced, and services are the supervisor's";
    }

    /// <summary>Attaches to every thread of <paramref name="pid"/>; returns once all are traced.</summary>
    public static async Task<Strace> AttachAsync(int pid, IReadOnlyList<string> paths, string syscalls, string outputFile)
    {
        var start = new ProcessStartInfo(Program) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var a in new[] { "-f", "-qq", "-y", "-s", "256", "-o", outputFile, "-e", $"trace={syscalls}", "-e", $"inject={syscalls}:signal=KILL:when=1" })
            start.ArgumentList.Add(a);
        foreach (var p in paths)
        {
            start.ArgumentList.Add("-P");
            start.ArgumentList.Add(p);
        }
        start.ArgumentList.Add("-p");
        start.ArgumentList.Add(pid.ToString(CultureInfo.InvariantCulture));
        var process = Process.Start(start)!;
        var trace = new Strace(process, outputFile);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        // strace says nothing when attached (-qq); the kernel says it, thread by thread.
        while (!AllThreadsTraced(pid))
        {
            if (process.HasExited) throw new InvalidOperationException($"strace exited {process.ExitCode}: {await process.StandardError.ReadToEndAsync()}");
            await Task.Delay(20, cts.Token);
        }
        return trace;
    }

    /// <summary>Waits for strace to end, as it does when its tracee is killed; returns what it wrote.</summary>
    public async Task<string> WaitForKillAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"strace did not see its tracee killed within {timeout}; it wrote:\n{Output}");
        }
        return Output;
    }

    private string Output => File.Exists(_output) ? File.ReadAllText(_output) : "";

    private static bool AllThreadsTraced(int pid)
    {
        try
        {
            return Directory.GetDirectories($"/proc/{pid}/task").All(task =>
                File.ReadLines(Path.Combine(task, "status")).Any(l => l.StartsWith("TracerPid:", StringComparison.Ordinal) && l.Split('\t')[1].Trim() != "0"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A thread that ended between the listing and the look.
            return false;
        }
    }

    private static bool HasCapability(int bit)
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("CapEff:", StringComparison.Ordinal));
        var mask = ulong.Parse(line["CapEff:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return (mask & (1UL << bit)) != 0;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}

/// <summary>A theory that is skipped, with the reason, where strace cannot attach to a service.</summary>
internal sealed class StraceTheoryAttribute : TheoryAttribute
{
    public StraceTheoryAttribute()
    {
        if (Strace.WhyNot() is { } reason) Skip = reason;
    }
}
