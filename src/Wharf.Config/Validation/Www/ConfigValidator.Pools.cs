using System.Globalization;
using System.Text.RegularExpressions;
using Wharf.Config.Model;

namespace Wharf.Config;

/// <summary>
/// Application pools: IIS's ranges where IIS has them (../reference/iis.md §5), and what a
/// program launched as another account needs to be safe and unambiguous. What only the machine
/// knows (the account's uid and groups, whether the command exists) the launch checks.
/// </summary>
public static partial class ConfigValidator
{
    /// <summary>
    /// Workers a pool may run at once. Each is a whole process with its own memory and socket;
    /// 64 is one per CPU on a large machine, while a slip such as 1000 would fork the host to its knees.
    /// </summary>
    public const int MaxProcessesCap = 64;

    /// <summary>IIS's range for queueLength (out of range is IIS's event 1041).</summary>
    public const int MinQueueLength = 10, MaxQueueLength = 65535;

    /// <summary>cpu.limit is in 1/1000 of a percent of all processors: 100000 is all of them.</summary>
    public const long MaxCpuLimit = 100_000;

    /// <summary>The kernel's default fs.nr_open: a larger RLIMIT_NOFILE fails at setrlimit.</summary>
    public const int MaxOpenFiles = 1_048_576;

    /// <summary>The variables Wharf itself gives a worker; a pool setting one would mislead its program about where it listens or who it is.</summary>
    public static readonly IReadOnlySet<string> ReservedEnvironment = new HashSet<string>(StringComparer.Ordinal)
    {
        "ASPNETCORE_URLS", "PORT", "ASPNETCORE_FORWARDEDHEADERS_ENABLED", "LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES",
    };

    public const string ReservedEnvironmentPrefix = "WHARF_";

    private static void ValidatePools(IReadOnlyList<AppPoolConfig> pools, IReadOnlyDictionary<string, string> accounts, Errors errors)
    {
        // Names compare ignoring case, as IIS does.
        var firstByName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < pools.Count; i++)
        {
            var pool = pools[i];
            var at = $"/applicationPools/{i}";
            var name = pool.Name;
            if (string.IsNullOrWhiteSpace(name))
                errors.Add(at + "/name", $"{Quote(name)} is not a name; every application pool needs one");
            else if (CheckPoolName(name) is { } wrong)
                errors.Add(at + "/name", wrong);
            else if (!firstByName.TryAdd(name, i))
                errors.Add(at + "/name", $"{Quote(name)} is also the name of /applicationPools/{firstByName[name]}; application pool names are unique (ignoring case)");

            if (pool.QueueLength is < MinQueueLength or > MaxQueueLength)
                errors.Add(at + "/queueLength", $"{pool.QueueLength} is out of range; queueLength is {MinQueueLength} to {MaxQueueLength}, as in IIS");
            Positive(pool.QueueTimeout, at + "/queueTimeout", errors);
            if (pool.MaxConcurrentRequestsPerWorker < 0)
                errors.Add(at + "/maxConcurrentRequestsPerWorker", $"{pool.MaxConcurrentRequestsPerWorker} is negative; it is the requests one worker takes at once, or 0 for no cap");

            if (pool.Program is { } program) ValidateProgram(program, at + "/program", errors);
            // www never sees a connection on a handed socket, so no request could ask for a worker.
            if (pool.Program is { DirectHandoff: true } && pool.StartMode != AppPoolStartMode.AlwaysRunning)
                errors.Add(at + "/startMode", "a pool with program.directHandoff is \"alwaysRunning\": its workers accept on the site's socket themselves, so www never sees a request that would start one on demand");
            ValidateProcessModel(pool.ProcessModel, accounts, at + "/processModel", errors);
            ValidateRecycling(pool.Recycling, at + "/recycling", errors);
            ValidateFailure(pool.Failure, at + "/failure", errors);
            ValidateCpu(pool.Cpu, at + "/cpu", errors);
            NotNegative(pool.Memory.Limit, at + "/memory/limit", "KB of private memory, or 0 for no limit", errors);
        }
    }

    /// <summary>
    /// A pool's name becomes part of folder names (its logs, its socket folder), of worker ids
    /// ("Shop#3") and of its account's name, so it holds no path separators, '#' or control characters.
    /// </summary>
    private static string? CheckPoolName(string name)
    {
        if (name.Length > 64) return $"{Quote(name)} is too long; an application pool's name is at most 64 characters";
        if (name is "." or "..") return $"{Quote(name)} is not a name; it names a folder, not a pool";
        if (name != name.Trim()) return $"{Quote(name)} starts or ends with a space; write the name without it";
        if (name.AsSpan().IndexOfAny("/\\#") >= 0 || name.Any(char.IsControl))
            return $"{Quote(name)} is not a pool name; it may not contain '/', '\\', '#' or control characters (it names the pool's folders and its workers, as \"Shop#1\")";
        return null;
    }

    private static void ValidateProgram(WorkerProgramConfig program, string at, Errors errors)
    {
        Absolute(program.Command, at + "/command", "the worker's program", errors);
        for (var a = 0; a < program.Arguments.Count; a++)
            if (program.Arguments[a].Contains('\0'))
                errors.Add($"{at}/arguments/{a}", "an argument may not contain a NUL character");

        var firstByName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var e = 0; e < program.Environment.Count; e++)
        {
            var variable = program.Environment[e];
            var where = $"{at}/environment/{e}";
            var name = variable.Name;
            if (name is null || !EnvironmentName().IsMatch(name))
                errors.Add(where + "/name", $"{Quote(name)} is not a variable name; it is letters, digits and '_', not starting with a digit");
            else if (ReservedEnvironment.Contains(name) || name.StartsWith(ReservedEnvironmentPrefix, StringComparison.Ordinal))
                errors.Add(where + "/name", $"{Quote(name)} is set by Wharf itself (ASPNETCORE_URLS, PORT, ASPNETCORE_FORWARDEDHEADERS_ENABLED, LISTEN_*, WHARF_*: where the worker listens and who it is); choose another name");
            else if (!firstByName.TryAdd(name, e))
                errors.Add(where + "/name", $"{Quote(name)} is also set by {at}/environment/{firstByName[name]}; each variable is set once");
            if (variable.Value?.Contains('\0') == true)
                errors.Add(where + "/value", "a value may not contain a NUL character");
        }

        if (program.WorkingDirectory is { } folder)
            Absolute(folder, at + "/workingDirectory", "the worker's working directory", errors);
        if (program.OpenFilesLimit is < 1 or > MaxOpenFiles)
            errors.Add(at + "/openFilesLimit", $"{program.OpenFilesLimit} is out of range; a worker may hold 1 to {MaxOpenFiles.ToString(CultureInfo.InvariantCulture)} open files (the kernel's fs.nr_open)");
        if (program.WarmupPath is { } warmup)
            RequestPath(warmup, at + "/warmupPath", "the warm-up request", errors);
    }

    private static void ValidateProcessModel(AppPoolProcessModelConfig model, IReadOnlyDictionary<string, string> accounts, string at, Errors errors)
    {
        if (model.UserName is { } user)
        {
            if (!IsUserName(user))
                errors.Add(at + "/userName", $"{Quote(user)} is not a user name; name an account, or leave \"userName\" out for the pool's own account");
            else if (user is "root" or "0")
                errors.Add(at + "/userName", $"{Quote(user)} is root; a pool's workers never run as root: name an unprivileged account, or leave \"userName\" out for the pool's own");
            else if (ServiceAccounts.Shared.Contains(user))
                errors.Add(at + "/userName", $"{Quote(user)} is shared with other software, which could then signal the workers or read their files: leave \"userName\" out for the pool's own account");
            else if (accounts.FirstOrDefault(a => a.Value == user) is { Key: { } service })
                errors.Add(at + "/userName", $"{Quote(user)} is the account of the {service} service; a pool's workers run as an account of their own, which cannot write {service}'s files or signal it");
        }
        if (model.MaxProcesses is < 1 or > MaxProcessesCap)
            errors.Add(at + "/maxProcesses", $"{model.MaxProcesses} is out of range; a pool runs 1 to {MaxProcessesCap} workers (each is a whole process; more than one is a web garden)");
        Positive(model.StartupTimeLimit, at + "/startupTimeLimit", errors);
        Positive(model.ShutdownTimeLimit, at + "/shutdownTimeLimit", errors);
        NotNegative(model.IdleTimeout, at + "/idleTimeout", errors);
        Positive(model.PingInterval, at + "/pingInterval", errors);
        Positive(model.PingResponseTime, at + "/pingResponseTime", errors);
        RequestPath(model.PingPath, at + "/pingPath", "the health request", errors);
    }

    private static void ValidateRecycling(AppPoolRecyclingConfig recycling, string at, Errors errors)
    {
        var restart = recycling.PeriodicRestart;
        at += "/periodicRestart";
        NotNegative(restart.Time, at + "/time", errors);
        NotNegative(restart.Requests, at + "/requests", "requests, or 0 for never", errors);
        NotNegative(restart.PrivateMemory, at + "/privateMemory", "KB, or 0 for never", errors);
        NotNegative(restart.Memory, at + "/memory", "KB, or 0 for never", errors);
        for (var s = 0; s < restart.Schedule.Count; s++)
            if (!TimeOfDay().IsMatch(restart.Schedule[s] ?? ""))
                errors.Add($"{at}/schedule/{s}", $"{Quote(restart.Schedule[s])} is not a time of day; write \"hh:mm\" from \"00:00\" to \"23:59\", such as \"03:00\"");
    }

    private static void ValidateFailure(AppPoolFailureConfig failure, string at, Errors errors)
    {
        Positive(failure.RapidFailProtectionInterval, at + "/rapidFailProtectionInterval", errors);
        AtLeastOne(failure.RapidFailProtectionMaxCrashes, at + "/rapidFailProtectionMaxCrashes", "this many failures within the interval stop the pool", errors);
        if (failure.RapidFailRestartAfter is { } after)
            Positive(after, at + "/rapidFailRestartAfter", errors);
        if (failure.AutoShutdownExe is { } shutdown)
            Absolute(shutdown, at + "/autoShutdownExe", "the program run when rapid-fail protection stops the pool", errors);
        if (failure.OrphanActionExe is { } orphan)
            Absolute(orphan, at + "/orphanActionExe", "the program run when a worker is orphaned", errors);
    }

    private static void ValidateCpu(AppPoolCpuConfig cpu, string at, Errors errors)
    {
        if (cpu.Limit is < 0 or > MaxCpuLimit)
            errors.Add(at + "/limit", $"{cpu.Limit} is out of range; cpu.limit is 0 (no limit) to {MaxCpuLimit}, in 1/1000 of a percent of all processors (50000 is half)");
        NotNegative(cpu.ResetInterval, at + "/resetInterval", errors);
        if (cpu.SmpAffinitized && cpu.SmpProcessorAffinityMask == 0)
            errors.Add(at + "/smpProcessorAffinityMask", "0 lets the workers run on no processor; with smpAffinitized, set bit N for each CPU N they may use (1 is CPU 0)");
    }

    /// <summary>No shell and no PATH search: the program is named by its absolute path.</summary>
    private static void Absolute(string path, string at, string what, Errors errors)
    {
        if (string.IsNullOrWhiteSpace(path) || !path.StartsWith('/') || path.Contains('\0'))
            errors.Add(at, $"{Quote(path)} is not an absolute path; {what} is named by its full path, such as \"/usr/bin/dotnet\" (no shell, no PATH search)");
    }

    /// <summary>A path Wharf puts in a request line of its own, so nothing may break the line.</summary>
    private static void RequestPath(string path, string at, string what, Errors errors)
    {
        if (string.IsNullOrEmpty(path) || !path.StartsWith('/') || path.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
            errors.Add(at, $"{Quote(path)} is not a request path; {what} asks for a path that starts with '/' and holds no spaces or control characters, such as \"/health\"");
    }

    private static void NotNegative(long value, string at, string what, Errors errors)
    {
        if (value < 0)
            errors.Add(at, $"{value.ToString(CultureInfo.InvariantCulture)} is negative; it is {what}");
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex EnvironmentName();

    [GeneratedRegex("^([01][0-9]|2[0-3]):[0-5][0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex TimeOfDay();
}
