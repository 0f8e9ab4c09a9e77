using System.Runtime.InteropServices;
using Wharf.Hosting;
using Wharf.Hosting.Native;

namespace Wharf.Supervisor;

/// <summary>Gives the files a service alone writes to the account it runs as (a root supervisor only).</summary>
/// <remarks>
/// Modes too: each path given is the service's alone, so no other account may read or write
/// what is in it (group write and all of "other" taken away; the group is the service's own).
/// A folder given that holds another service's path is 0711: that service reaches its own path
/// (www's config/certs inside the admin service's config/) by name, without listing the folder
/// or reading anything else in it.
/// </remarks>
internal static class PathOwnership
{
    private const uint NotForOthers = 0b000_010_111; // g-w, o-rwx
    private const uint PassThrough = 0b111_001_001;
    private static readonly EnumerationOptions NoLinks = new()
    {
        RecurseSubdirectories = true,
        AttributesToSkip = FileAttributes.ReparsePoint,
        IgnoreInaccessible = false,
    };

    private static bool IsLink(string path) => new FileInfo(path).LinkTarget is not null;

    /// <summary>lchown, recursively, every path that exists; returns the first failure in plain words, or null.</summary>
    /// <param name="ownedByOthers">
    /// Paths other services own. One inside these paths belongs to that service and is left alone
    /// (www owns config/certs inside the admin service's config/), so two services starting side
    /// by side never change the same file.
    /// </param>
    public static string? GiveTo(IReadOnlyList<string> paths, string user, IReadOnlyList<string>? ownedByOthers = null)
    {
        if (UnixAccounts.FindUser(user) is not var (uid, gid)) return $"there is no user '{user}' in /etc/passwd";
        return GiveTo(paths, uid, gid, user, ownedByOthers);
    }

    public static string? GiveTo(IReadOnlyList<string> paths, uint uid, uint gid, string user, IReadOnlyList<string>? ownedByOthers = null)
    {
        var inner = (ownedByOthers ?? []).Where(other => paths.Any(path => IsInside(other, path))).ToArray();
        foreach (var path in paths)
        {
            if (!Path.Exists(path)) continue;
            // Links are skipped, not followed: .NET's recursive enumeration descends into a link to
            // a folder, so a link the service planted in its own folder would have root hand the
            // link's target (/etc, say) over to the service. The link itself needs no owner.
            var entries = Directory.Exists(path) && !IsLink(path)
                ? Directory.EnumerateFileSystemEntries(path, "*", NoLinks).Prepend(path)
                : [path];
            foreach (var entry in entries.Where(e => !inner.Any(other => e == other || IsInside(e, other))))
                // lchown: a symbolic link planted in the store must not hand its target to the service.
                if (Libc.lchown(entry, uid, gid) != 0 || Restrict(entry, passThrough: entry == path && inner.Any(other => IsInside(other, path))) is false)
                    return $"cannot give {entry} to {user}: errno {Marshal.GetLastPInvokeError()}";
        }
        return null;
    }

    // No link is ever followed: fchmodat refuses one (EOPNOTSUPP), so a file swapped for a link
    // after the walk saw it keeps its target's mode. A link needs no mode; it is skipped.
    private static bool Restrict(string entry, bool passThrough)
    {
        uint mode;
        try
        {
            if (new FileInfo(entry).LinkTarget is not null) return true;
            mode = (uint)File.GetUnixFileMode(entry);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true; // gone meanwhile: nothing to restrict
        }
        var wanted = passThrough ? PassThrough : mode & ~NotForOthers;
        if (wanted == mode) return true;
        return Libc.fchmodat(Libc.AT_FDCWD, entry, wanted, Libc.AT_SYMLINK_NOFOLLOW) == 0
            || Marshal.GetLastPInvokeError() == 95; // EOPNOTSUPP: a link put there meanwhile
    }

    private static bool IsInside(string path, string folder) =>
        path.StartsWith(Path.TrimEndingDirectorySeparator(folder) + "/", StringComparison.Ordinal);

    /// <summary>
    /// Creates each folder that is missing, then gives each folder itself (not what is in it) to
    /// <paramref name="user"/>; the first failure, or null. Not recursive on purpose: the service
    /// writes in these folders, so it could plant a symbolic link there, and a recursive walk
    /// (which follows links to folders) run as root would hand the link's target over. What the
    /// service creates there is its own already.
    /// </summary>
    public static string? CreateAndGiveTo(IEnumerable<string> folders, string user)
    {
        if (UnixAccounts.FindUser(user) is not var (uid, gid)) return $"there is no user '{user}' in /etc/passwd";
        foreach (var folder in folders)
        {
            try
            {
                Directory.CreateDirectory(folder);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return $"cannot create {folder}: {e.Message}";
            }
            if (Libc.lchown(folder, uid, gid) != 0)
                return $"cannot give {folder} to {user}: errno {Marshal.GetLastPInvokeError()}";
        }
        return null;
    }
}
