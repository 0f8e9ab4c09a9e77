using System.Collections;
using System.Runtime.InteropServices;
using Wharf.Hosting;
using Wharf.Hosting.Native;

namespace Wharf.Supervisor;

/// <summary>
/// /reboot: the supervisor replaces its own image with a fresh `wharf serve` (same pid, same
/// arguments), passing its listening sockets on. The old services see their control channel
/// close, drain and exit; the new supervisor starts new ones on the same sockets at once.
/// </summary>
internal static class Reexec
{
    /// <summary>Returns only if the exec failed, with the reason.</summary>
    public static string Run(IReadOnlyDictionary<string, int> listeners, IReadOnlyList<int> drainingPids)
    {
        var (file, prefix) = ProcessLauncher.SelfCommand();
        var args = Environment.GetCommandLineArgs();
        // In a native executable args[0] is the program; under `dotnet wharf.dll` it is the dll, which the prefix already names.
        string?[] argv = [file, .. prefix, .. args.Skip(1), null];

        var env = new List<string?>();
        foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            var name = (string)e.Key;
            if (name is EnvironmentNames.RebootListenFds or EnvironmentNames.RebootDrainingPids) continue;
            env.Add($"{name}={e.Value}");
        }
        env.Add($"{EnvironmentNames.RebootListenFds}={InheritedListeners.Format(listeners)}");
        env.Add($"{EnvironmentNames.RebootDrainingPids}={string.Join(',', drainingPids)}");
        env.Add(null);

        Console.Out.Flush();
        Console.Error.Flush();
        Libc.execve(file, argv, env.ToArray());
        return $"execve({file}) failed: errno {Marshal.GetLastPInvokeError()}";
    }

    public static IReadOnlyList<int> TakeDrainingPids()
    {
        var text = Environment.GetEnvironmentVariable(EnvironmentNames.RebootDrainingPids);
        Environment.SetEnvironmentVariable(EnvironmentNames.RebootDrainingPids, null);
        if (string.IsNullOrEmpty(text)) return [];
        return text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
    }
}
