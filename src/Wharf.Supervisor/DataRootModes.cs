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
        return CloseStore(root);
    }

    /// <summary>
    /// The store closed to other accounts before any service runs, even at a first start, when
    /// what the data root's layout made (0755 folders, a 0644 wharf.json) is not yet the admin
    /// service's: config/ passable only, history/, backups/, wharf.json and the audit log closed.
    /// The admin service's own start then gives them to its account.
    /// </summary>
    private static string? CloseStore(DataRoot root)
    {
        foreach (var (path, closed) in new[]
                 {
                     (root.ConfigFolder, 0b000_110_110u), (root.HistoryFolder, 0b000_000_111u), (root.BackupsFolder, 0b000_000_111u),
                     (root.ConfigFile, 0b000_000_111u), (root.AuditLog, 0b000_000_111u),
                 })
        {
            if (!Path.Exists(path) || new FileInfo(path).LinkTarget is not null) continue;
            var mode = (uint)File.GetUnixFileMode(path);
            if ((mode & closed) == 0) continue;
            if (Libc.fchmodat(Libc.AT_FDCWD, path, mode & ~closed, Libc.AT_SYMLINK_NOFOLLOW) != 0)
                return $"cannot close {path} to other accounts: errno {Marshal.GetLastPInvokeError()}";
        }
        return null;
    }

    /// <summary>The supervisor's own snapshot holds every service's settings: root's alone.</summary>
    public static void Private(string file)
    {
        if (File.Exists(file)) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
