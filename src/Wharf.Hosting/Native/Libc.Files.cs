using System.Runtime.InteropServices;

namespace Wharf.Hosting.Native;

internal static partial class Libc
{
    public const int AT_FDCWD = -100;
    public const int AT_SYMLINK_NOFOLLOW = 0x100;

    /// <summary>With <see cref="AT_SYMLINK_NOFOLLOW"/>: a link is refused (EOPNOTSUPP), never its target changed.</summary>
    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int fchmodat(int dirfd, string path, uint mode, int flags);
}
