using Wharf.Config.Model;
using Wharf.Supervisor.Pools.Launch;

namespace Wharf.Supervisor.Pools.Runner;

/// <summary>failure.autoShutdownExe and orphanActionExe: run as the pool's account through the launch step, no shell, not waited for.</summary>
internal static class PoolPrograms
{
    /// <summary>%1% in <paramref name="parameters"/> (split on spaces) is <paramref name="one"/>: the pool's name, or the orphan's pid. Returns what happened, in words.</summary>
    public static string Run(PoolEnvironment env, AppPoolConfig pool, string program, string? parameters, string one)
    {
        var arguments = (parameters ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(a => a.Replace("%1%", one, StringComparison.Ordinal)).ToArray();
        try
        {
            env.Launcher.RunProgram(pool, program, arguments);
            return $"ran {string.Join(' ', [program, .. arguments])}";
        }
        catch (Exception e) when (e is WorkerLaunchException or IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            return $"{program} could not be run: {e.Message}";
        }
    }
}
