namespace Wharf.Hosting.Launch;

/// <summary>RLIMIT_* numbers by name; the same on x86-64 and arm64 (asm-generic/resource.h).</summary>
internal static class Rlimits
{
    public static int? Number(string name) => name switch
    {
        "cpu" => 0,
        "fsize" => 1,
        "data" => 2,
        "stack" => 3,
        "core" => 4,
        "rss" => 5,
        "nproc" => 6,
        "nofile" => 7,
        "memlock" => 8,
        "as" => 9,
        "locks" => 10,
        "sigpending" => 11,
        "msgqueue" => 12,
        "nice" => 13,
        "rtprio" => 14,
        _ => null,
    };

    /// <summary>RLIM_INFINITY.</summary>
    public const ulong Infinity = ulong.MaxValue;
}
