using Wharf.Hosting;

namespace Wharf.Supervisor;

/// <summary>A Unix account as /etc/passwd and /etc/group describe it.</summary>
internal sealed record UnixAccount(string Name, uint Uid, uint Gid, IReadOnlyList<string> GroupNames, IReadOnlyList<uint> GroupIds);

/// <summary>Looks accounts up in /etc/passwd and /etc/group (files given for tests).</summary>
internal sealed class AccountDatabase(string passwdFile = "/etc/passwd", string groupFile = "/etc/group")
{
    public UnixAccount? Find(string name)
    {
        if (UnixAccounts.FindUser(name, passwdFile) is not var (uid, gid)) return null;
        var names = new List<string>();
        var ids = new List<uint> { gid };
        try
        {
            foreach (var line in File.ReadLines(groupFile))
            {
                var fields = line.Split(':');
                if (fields.Length < 4 || !uint.TryParse(fields[2], out var id)) continue;
                if (id == gid || fields[3].Split(',').Contains(name))
                {
                    names.Add(fields[0]);
                    if (!ids.Contains(id)) ids.Add(id);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Without /etc/group the account has its primary group only.
        }
        return new UnixAccount(name, uid, gid, names, ids);
    }
}
