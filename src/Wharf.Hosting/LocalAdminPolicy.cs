using System.Net.Sockets;
using System.Runtime.InteropServices;
using Wharf.Hosting.Native;

namespace Wharf.Hosting;

/// <summary>The Unix identity at the other end of a local socket (SO_PEERCRED).</summary>
public readonly record struct PeerCredentials(int Pid, uint Uid, uint Gid)
{
    public static PeerCredentials Of(Socket socket)
    {
        Span<byte> buffer = stackalloc byte[12];
        var length = socket.GetRawSocketOption(Libc.SOL_SOCKET, Libc.SO_PEERCRED, buffer);
        if (length < 12) throw new SocketException((int)SocketError.ProtocolNotSupported);
        return new PeerCredentials(
            MemoryMarshal.Read<int>(buffer),
            MemoryMarshal.Read<uint>(buffer[4..]),
            MemoryMarshal.Read<uint>(buffer[8..]));
    }
}

/// <summary>
/// Who may administer this host from the local machine: root, the user the supervisor runs as,
/// and members of the <c>wharf-admins</c> group. The control socket and the admin API use the same rule.
/// </summary>
public sealed class LocalAdminPolicy(uint ownerUid, Func<uint?> adminGroupId, Func<int, IReadOnlyCollection<uint>> groupsOfProcess)
{
    public const string AdminGroup = "wharf-admins";

    public static LocalAdminPolicy ForThisProcess() =>
        new(Libc.geteuid(), () => UnixAccounts.FindGroupId(AdminGroup), UnixAccounts.OfProcess);

    /// <summary>
    /// For a service process: the owner is the user its supervisor (its parent) runs as, not the
    /// service's own account, which under a root supervisor is the shared unprivileged one.
    /// </summary>
    public static LocalAdminPolicy ForServiceProcess() =>
        new(UnixAccounts.UidOfProcess(Libc.getppid()) ?? Libc.geteuid(), () => UnixAccounts.FindGroupId(AdminGroup), UnixAccounts.OfProcess);

    /// <summary>Null when allowed; else the refusal in plain words.</summary>
    public string? Check(PeerCredentials peer)
    {
        if (peer.Uid == 0 || peer.Uid == ownerUid) return null;
        var adminGid = adminGroupId();
        if (adminGid is { } gid && (peer.Gid == gid || groupsOfProcess(peer.Pid).Contains(gid))) return null;
        return $"access denied: user id {peer.Uid} may not administer Wharf. Run the command as root, as the user Wharf runs as (uid {ownerUid}), or as a member of the '{AdminGroup}' group"
            + (adminGid is null ? $" (there is no '{AdminGroup}' group on this machine yet: create it with `groupadd {AdminGroup}`)." : ".");
    }
}

/// <summary>Users and groups as /etc/passwd, /etc/group and /proc list them.</summary>
internal static class UnixAccounts
{
    /// <summary>Whether /etc/passwd has this user.</summary>
    public static bool UserExists(string name, string passwdFile = "/etc/passwd")
    {
        try
        {
            return File.ReadLines(passwdFile).Any(line => line.Split(':')[0] == name);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static uint? FindGroupId(string name, string groupFile = "/etc/group")
    {
        try
        {
            foreach (var line in File.ReadLines(groupFile))
            {
                var fields = line.Split(':');
                if (fields.Length >= 3 && fields[0] == name && uint.TryParse(fields[2], out var gid)) return gid;
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }

    /// <summary>The user id and primary group id of a user in /etc/passwd.</summary>
    public static (uint Uid, uint Gid)? FindUser(string name, string passwdFile = "/etc/passwd")
    {
        try
        {
            foreach (var line in File.ReadLines(passwdFile))
            {
                var fields = line.Split(':');
                if (fields.Length >= 4 && fields[0] == name && uint.TryParse(fields[2], out var uid) && uint.TryParse(fields[3], out var gid))
                    return (uid, gid);
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }

    /// <summary>The name /etc/passwd gives a user id, or the number as text.</summary>
    public static string NameOf(uint uid, string passwdFile = "/etc/passwd")
    {
        try
        {
            foreach (var line in File.ReadLines(passwdFile))
            {
                var fields = line.Split(':');
                if (fields.Length >= 3 && uint.TryParse(fields[2], out var id) && id == uid) return fields[0];
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return uid.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The real user id of a live process, from /proc/PID/status.</summary>
    public static uint? UidOfProcess(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith("Uid:", StringComparison.Ordinal))
                    return uint.TryParse(line[4..].Split('\t', StringSplitOptions.RemoveEmptyEntries)[0], out var uid) ? uid : null;
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }

    /// <summary>The supplementary groups of a live process, from /proc/PID/status.</summary>
    public static IReadOnlyCollection<uint> OfProcess(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (!line.StartsWith("Groups:", StringComparison.Ordinal)) continue;
                // Split(' ', '\t', ...) would take the tab for a count of 9 and lose every group after the ninth.
                return line[7..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)
                    .Select(g => uint.TryParse(g, out var v) ? v : uint.MaxValue).ToArray();
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return [];
    }
}
