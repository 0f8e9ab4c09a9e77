using System.Security.Cryptography;
using System.Text;

namespace Wharf.Supervisor.Pools.Resources;

/// <summary>
/// Folder names for pools and workers. The escape is reversible, so a sweep can tell which worker
/// a folder was made for, and it never leaves a dot, so no name can collide with a cgroup's own
/// files (cpu.max, cgroup.procs, ...), all of which hold one.
/// </summary>
internal static class CgroupName
{
    /// <summary>[A-Za-z0-9_-] stay; every other UTF-8 byte becomes %XX.</summary>
    public static string Escape(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            if (b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9') or (byte)'_' or (byte)'-')
                sb.Append((char)b);
            else
                sb.Append('%').Append(b.ToString("X2"));
        }
        return sb.ToString();
    }

    /// <summary>Null for a folder Wharf did not name (a stray '%' or a dot).</summary>
    public static string? Unescape(string folder)
    {
        var bytes = new List<byte>(folder.Length);
        for (var i = 0; i < folder.Length; i++)
        {
            var c = folder[i];
            if (c == '%')
            {
                if (i + 2 >= folder.Length || !byte.TryParse(folder.AsSpan(i + 1, 2), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var b))
                    return null;
                bytes.Add(b);
                i += 2;
            }
            else if (char.IsAsciiLetterOrDigit(c) || c is '_' or '-')
                bytes.Add((byte)c);
            else
                return null;
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    /// <summary>
    /// One folder per data root, so that two supervisors on one machine (the tests run several)
    /// never sweep each other's workers.
    /// </summary>
    public static string Instance(string dataRoot)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataRoot))));
        return "root-" + Convert.ToHexStringLower(hash)[..12];
    }
}
