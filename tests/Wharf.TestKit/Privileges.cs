using System.Runtime.InteropServices;

namespace Wharf.TestKit;

/// <summary>
/// Whether the tests run as root, as CI runs them. Tests that need root, or that root's powers
/// would make pointless, skip with the reason on the other side ([SkippableFact], Skip.If).
/// </summary>
public static partial class Privileges
{
    public static bool IsRoot { get; } = geteuid() == 0;

    [LibraryImport("libc")]
    private static partial uint geteuid();
}
