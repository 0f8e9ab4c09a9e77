using System.Runtime.InteropServices;
using Wharf.Config;
using Wharf.Hosting.Native;

namespace Wharf.Supervisor.Pools.Launch;

/// <summary>
/// A pool's places on the machine. Its sockets: run/pools/SLUG/, which only www and the pool's
/// account can reach (owner the pool's account, group www's, mode 2750: setgid, so a socket made
/// there gets www's group, and the worker's umask 007 leaves it group-writable, which connect(2)
/// needs); run/pools itself is root's, 0755, so no pool can replace another's folder. Its logs:
/// logs/pools/NAME/, root's, with the administrators' group when it exists, never the pool's.
/// </summary>
internal static class PoolFolders
{
    private const UnixFileMode Public = (UnixFileMode)0b111_101_101;
    private const UnixFileMode SocketFolderMode = UnixFileMode.SetGroup | (UnixFileMode)0b111_101_000;
    private const UnixFileMode OwnFolder = (UnixFileMode)0b111_101_000;
    public const UnixFileMode LogFileMode = (UnixFileMode)0b110_100_000;

    public static string SocketFolder(DataRoot root, string pool) => Path.Combine(root.RunFolder, "pools", PoolNames.Slug(pool));

    public static string LogFolder(DataRoot root, string pool) => Path.Combine(root.LogsFolder, "pools", PoolNames.Folder(pool));

    /// <summary>The pool's socket folder, made and put right; <paramref name="owner"/> and <paramref name="wwwGroup"/> are null under a supervisor that is not root.</summary>
    public static string PrepareSocketFolder(DataRoot root, string pool, UnixAccount? owner, uint? wwwGroup)
    {
        var asRoot = owner is not null && wwwGroup is not null;
        Make(Path.Combine(root.RunFolder, "pools"), Public, asRoot ? 0 : null, asRoot ? 0 : null);
        var folder = SocketFolder(root, pool);
        if (asRoot) Make(folder, SocketFolderMode, owner!.Uid, wwwGroup);
        else Make(folder, OwnFolder, null, null);
        return folder;
    }

    /// <summary>The pool's log folder: root's, readable by <paramref name="adminGroup"/> when there is one.</summary>
    public static string PrepareLogFolder(DataRoot root, string pool, uint? adminGroup)
    {
        var asRoot = Libc.geteuid() == 0;
        Make(Path.Combine(root.LogsFolder, "pools"), Public, asRoot ? 0 : null, asRoot ? 0 : null);
        var folder = LogFolder(root, pool);
        Make(folder, OwnFolder, asRoot ? 0 : null, asRoot ? adminGroup ?? 0 : null);
        return folder;
    }

    /// <summary>Creates <paramref name="folder"/> when missing and sets its mode and owner; a link in its place is refused, never followed.</summary>
    private static void Make(string folder, UnixFileMode mode, uint? uid, uint? gid)
    {
        var info = new DirectoryInfo(folder);
        if (info.LinkTarget is not null) throw new WorkerLaunchException($"{folder} is a symbolic link; Wharf makes this folder itself: remove the link");
        if (!info.Exists) Directory.CreateDirectory(folder, mode);
        // chown before chmod: a chown clears the setgid bit.
        if (uid is { } u && gid is { } g && Libc.lchown(folder, u, g) != 0)
            throw new WorkerLaunchException($"cannot give {folder} to uid {u}, gid {g}: errno {Marshal.GetLastPInvokeError()}");
        if (new DirectoryInfo(folder).UnixFileMode != mode) File.SetUnixFileMode(folder, mode);
    }
}
