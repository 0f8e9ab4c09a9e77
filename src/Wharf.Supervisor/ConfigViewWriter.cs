using System.Runtime.InteropServices;
using Wharf.Config;
using Wharf.Config.Model;
using Wharf.Hosting;
using Wharf.Hosting.Native;

namespace Wharf.Supervisor;

/// <summary>
/// Writes a service's view of a configuration version (run/views/NAME/wharf.N.json) before the
/// service starts on it or reloads it. Under a root supervisor the folder is root:GROUP 0750 and
/// each file root:GROUP 0640, GROUP being the service's own: the service reads, nobody else
/// does, and it cannot change what the supervisor gave it.
/// </summary>
internal static class ConfigViewWriter
{
    /// <summary>Views kept per service: the one running, the one before, and a few that a quick run of applies left behind.</summary>
    public const int Kept = 4;

    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;
    private const UnixFileMode ViewMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    /// <summary>The file written. <paramref name="group"/> null: a supervisor that is not root, whose services are its own user.</summary>
    public static string Write(DataRoot root, ServiceDefinition definition, WharfConfig config, long version, uint? group)
    {
        var folder = ConfigViewFiles.Folder(root, definition.Name);
        Directory.CreateDirectory(folder);
        if (group is { } gid)
        {
            File.SetUnixFileMode(Path.GetDirectoryName(folder)!, FolderMode | UnixFileMode.OtherExecute);
            Give(folder, gid);
            File.SetUnixFileMode(folder, FolderMode);
        }

        var view = definition.View?.Invoke(config) ?? config;
        var path = Path.Combine(folder, ConfigViewFiles.Name(version));
        var temporary = path + ".new";
        File.Delete(temporary);
        using (var stream = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = ViewMode }))
        using (var writer = new StreamWriter(stream))
            writer.Write(ConfigWriter.Serialize(view));
        if (group is { } g) Give(temporary, g);
        File.Move(temporary, path, overwrite: true);
        Prune(folder);
        return path;
    }

    private static void Give(string path, uint gid)
    {
        if (Libc.lchown(path, 0, gid) != 0)
            throw new IOException($"cannot give {path} to group {gid}: errno {Marshal.GetLastPInvokeError()}");
    }

    private static void Prune(string folder)
    {
        var old = Directory.EnumerateFiles(folder)
            .Select(f => (Path: f, Version: ConfigViewFiles.Version(Path.GetFileName(f))))
            .Where(f => f.Version is not null)
            .OrderByDescending(f => f.Version)
            .Skip(Kept);
        foreach (var (path, _) in old) File.Delete(path);
    }
}
