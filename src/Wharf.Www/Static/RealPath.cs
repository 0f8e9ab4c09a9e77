using System.Runtime.InteropServices;

namespace Wharf.Www.Static;

/// <summary>
/// realpath(3): the path with every symbolic link, "." and ".." resolved. A file is served only
/// when its real path is inside the real path of the folder it was mapped through, so a link
/// planted in a site that points elsewhere (/etc, another site) serves nothing.
/// </summary>
internal static partial class RealPath
{
    /// <summary>Null when the path does not exist (or cannot be resolved).</summary>
    public static string? Of(string path)
    {
        var resolved = realpath(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero) return null;
        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            free(resolved);
        }
    }

    /// <summary>Whether <paramref name="real"/> is <paramref name="realRoot"/> or below it (both real paths).</summary>
    public static bool IsInside(string real, string realRoot)
    {
        if (!real.StartsWith(realRoot, StringComparison.Ordinal)) return false;
        if (real.Length == realRoot.Length) return true;
        return realRoot.EndsWith('/') || real[realRoot.Length] == '/';
    }

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr realpath(string path, IntPtr resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void free(IntPtr pointer);
}
