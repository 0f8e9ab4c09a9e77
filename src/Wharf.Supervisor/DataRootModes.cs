using System.Runtime.InteropServices;
using Wharf.Config;
using Wharf.Hosting.Native;

namespace Wharf.Supervisor;

/// <summary>
/// What a root supervisor makes of the folders that are its own, so that each service's account
/// can reach what it was given and nothing more (docs/security.md has the whole table).
/// </summary>
internal static class DataRootModes
{
    private const uint Search = 0b000_001_001;

    /// <summary>
    /// The data root, logs/ and run/ searchable by every account (g+x, o+x), nothing else added:
    /// a service reaches its own files and folders in them by name, and what else is there
    /// keeps its own mode. Returns what it could not change, or null.
    /// </summary>
    public static string? OpenForServices(DataRoot root)
    {
        foreach (var folder in new[] { root.Path, root.LogsFolder, root.RunFolder })
        {
            if (!Directory.Exists(folder)) continue;
            var mode = (uint)File.GetUnixFileMode(folder);
            if ((mode & Search) == Search) continue;
            if (Libc.fchmodat(Libc.AT_FDCWD, folder, mode | Search, Libc.AT_SYMLINK_NOFOLLOW) != 0)
                return $"cannot make {folder} searchable by the services' accounts (chmod go+x): errno {Marshal.GetLastPInvokeError()}";
        }
        return null;
    }

    /// <summary>The supervisor's own snapshot holds every service's settings: root's alone.</summary>
    public static void Private(string file)
    {
        if (File.Exists(file)) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
