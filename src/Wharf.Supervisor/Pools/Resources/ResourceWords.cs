using Wharf.Config.Model;

namespace Wharf.Supervisor.Pools.Resources;

/// <summary>Sizes, durations and actions as the events say them.</summary>
internal static class ResourceWords
{
    public static string Size(long bytes) =>
        bytes >= 1L << 30 ? $"{bytes / (double)(1L << 30):0.##} GB"
        : bytes >= 1L << 20 ? $"{bytes / (double)(1L << 20):0.#} MB"
        : $"{bytes / 1024.0:0.#} KB";

    public static string Duration(TimeSpan t) =>
        t.TotalMinutes >= 1 && t.Seconds == 0 && t.Milliseconds == 0 ? $"{(long)t.TotalMinutes} min" : $"{t.TotalSeconds:0.#} s";

    /// <summary>The configuration's spelling.</summary>
    public static string Action(CpuAction action) => action switch
    {
        CpuAction.NoAction => "noAction",
        CpuAction.KillW3wp => "killW3wp",
        CpuAction.Throttle => "throttle",
        _ => "throttleUnderLoad",
    };
}
