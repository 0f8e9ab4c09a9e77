using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Wharf.TestKit.Pools;

/// <summary>
/// The real worker programs of tests/WorkerApps, where a pool's account can run them: the ASP.NET
/// Core app published once per change of its sources (shared by parallel test processes through a
/// lock file), and the Python one copied beside it. Both land in 0755 folders under /tmp, since the
/// repository may sit where no pool account can enter.
/// </summary>
public static class WorkerApps
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static WorkerProgram? _aspNet;

    private static string Sources => Path.Combine(WharfPaths.RepositoryRoot, "tests", "WorkerApps");

    /// <summary>tests/WorkerApps/AspNetWorker, framework-dependent, run by the dotnet host.</summary>
    public static async Task<WorkerProgram> AspNetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_aspNet is not null) return _aspNet;
            var project = Path.Combine(Sources, "AspNetWorker");
            var folder = Path.Combine(Path.GetTempPath(), "wharf-aspnetworker-" + Hash(project));
            var dll = Path.Combine(folder, "AspNetWorker.dll");
            if (!File.Exists(Path.Combine(folder, ".published")))
                await PublishOnceAsync(project, folder);
            return _aspNet = new WorkerProgram(DotnetHost(), [dll]);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>tests/WorkerApps/python/worker.py, run by python3.</summary>
    public static WorkerProgram Python()
    {
        var source = Path.Combine(Sources, "python", "worker.py");
        var folder = Path.Combine(Path.GetTempPath(), "wharf-pyworker-" + Hash(Path.GetDirectoryName(source)!));
        var script = Path.Combine(folder, "worker.py");
        if (!File.Exists(script))
        {
            var staging = folder + ".tmp-" + Environment.ProcessId;
            Directory.CreateDirectory(staging);
            File.Copy(source, Path.Combine(staging, "worker.py"), overwrite: true);
            MakeReadableByAll(staging);
            try { Directory.Move(staging, folder); }
            catch (IOException) { Directory.Delete(staging, recursive: true); } // another process was first
        }
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "/usr/local/bin/python3";
        return new WorkerProgram(python, ["-u", script]);
    }

    private static async Task PublishOnceAsync(string project, string folder)
    {
        // Test processes run in parallel: one publishes while the others wait on the lock, then find it done.
        var lockPath = Path.Combine(Path.GetTempPath(), "wharf-aspnetworker.lock");
        using var held = await LockAsync(lockPath, TimeSpan.FromMinutes(5));
        if (File.Exists(Path.Combine(folder, ".published"))) return;
        var staging = folder + ".tmp-" + Environment.ProcessId;
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        var environment = new Dictionary<string, string> { ["DOTNET_NOLOGO"] = "1", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" };
        var result = await RunWithoutMsBuildVariablesAsync(DotnetHost(), ["publish", project, "-c", "Release", "-o", staging, "--nologo"], environment);
        if (result.ExitCode != 0) throw new InvalidOperationException($"dotnet publish of {project} failed:\n{result}");
        MakeReadableByAll(staging);
        File.WriteAllText(Path.Combine(staging, ".published"), DateTime.UtcNow.ToString("O"));
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.Move(staging, folder);
    }

    /// <summary>
    /// The test host runs under `dotnet test`, whose MSBuild variables would steer a nested build
    /// to the wrong SDK resolver; the publish gets a clean copy of the rest.
    /// </summary>
    private static async Task<CommandResult> RunWithoutMsBuildVariablesAsync(string file, string[] arguments, Dictionary<string, string> extra)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k == "DOTNET_HOST_PATH").ToList())
            start.Environment.Remove(name);
        foreach (var (k, v) in extra) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(cts.Token);
        return new CommandResult(process.ExitCode, await stdout, await stderr);
    }

    private static async Task<FileStream> LockAsync(string path, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            // FileShare.None is an exclusive flock(2) on Linux, released when the holder exits however it ends.
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) when (DateTime.UtcNow < deadline) { await Task.Delay(250); }
        }
    }

    /// <summary>The dotnet host: the one the tests run on (DOTNET_HOST_PATH, set by the SDK), else /usr/bin/dotnet.</summary>
    private static string DotnetHost()
    {
        foreach (var candidate in new[] { "/usr/bin/dotnet", Environment.GetEnvironmentVariable("DOTNET_HOST_PATH"), Path.Combine(Environment.GetEnvironmentVariable("DOTNET_ROOT") ?? "/usr/share/dotnet", "dotnet") })
            if (candidate is { Length: > 0 } && File.Exists(candidate)) return candidate;
        throw new FileNotFoundException("no dotnet host found (/usr/bin/dotnet, DOTNET_HOST_PATH, DOTNET_ROOT)");
    }

    /// <summary>Of every file under the folder (not bin/ or obj/), names and contents: a new folder when anything changes.</summary>
    private static string Hash(string folder)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                     .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(folder, file)));
            sha.AppendData(File.ReadAllBytes(file));
        }
        return Convert.ToHexString(sha.GetHashAndReset())[..12].ToLowerInvariant();
    }

    private static void MakeReadableByAll(string folder)
    {
        File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);
        foreach (var sub in Directory.EnumerateDirectories(folder, "*", SearchOption.AllDirectories))
            File.SetUnixFileMode(sub, (UnixFileMode)0b111_101_101);
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            File.SetUnixFileMode(file, File.GetUnixFileMode(file) | UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }
}
