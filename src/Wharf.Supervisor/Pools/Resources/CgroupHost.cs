using System.Runtime.InteropServices;
using System.Text;

namespace Wharf.Supervisor.Pools.Resources;

/// <summary>
/// What detection reads about this process and machine, gathered once so that detection itself
/// can be run on a tree made in a temporary folder.
/// </summary>
/// <param name="Delegated">
/// systemd gave this process its cgroup (Delegate=yes marks the folder with the trusted.delegate or
/// user.delegate attribute): workers' cgroups go under it rather than under each hierarchy's root.
/// </param>
/// <param name="Instance">The folder under `wharf` at each hierarchy's root when not delegated (<see cref="CgroupName.Instance"/>).</param>
internal sealed partial record CgroupHost(string MountInfo, string SelfCgroup, bool Delegated, string Instance)
{
    /// <summary>Where a delegated v2 supervisor moves itself, so that its cgroup may enable controllers for its children.</summary>
    public const string SupervisorLeaf = "supervisor";

    public static CgroupHost Current(string dataRoot)
    {
        var mountInfo = CgroupFiles.Read("/proc/self/mountinfo") ?? "";
        var self = CgroupFiles.Read("/proc/self/cgroup") ?? "";
        return new CgroupHost(mountInfo, self, IsDelegated(mountInfo, self), CgroupName.Instance(dataRoot));
    }

    /// <summary>The delegated v2 folder, relative to the mount: our own, or its parent once we moved into the leaf.</summary>
    public static string? DelegatedPath(CgroupMounts mounts, IReadOnlyDictionary<string, string> self)
    {
        if (mounts.V2Mount is null || !self.TryGetValue("", out var own) || own == "/") return null;
        if (HasDelegateMark(mounts.V2Mount + own)) return own;
        var parent = Path.GetDirectoryName(own);
        return Path.GetFileName(own) == SupervisorLeaf && parent is not null && parent != "/" && HasDelegateMark(mounts.V2Mount + parent)
            ? parent
            : null;
    }

    private static bool IsDelegated(string mountInfo, string self) =>
        DelegatedPath(CgroupMounts.Parse(mountInfo), CgroupMounts.ParseSelf(self)) is not null;

    private static bool HasDelegateMark(string folder) =>
        XattrIsOne(folder, "trusted.delegate") || XattrIsOne(folder, "user.delegate");

    private static bool XattrIsOne(string path, string name)
    {
        Span<byte> value = stackalloc byte[8];
        var n = getxattr(path, name, ref MemoryMarshal.GetReference(value), (nuint)value.Length);
        return n > 0 && Encoding.ASCII.GetString(value[..(int)n]).TrimEnd('\0') == "1";
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint getxattr(string path, string name, ref byte value, nuint size);
}
