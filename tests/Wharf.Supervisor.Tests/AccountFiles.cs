namespace Wharf.Supervisor.Tests;

/// <summary>A passwd and a group file of its own, so account rules are tested without touching the machine's.</summary>
internal sealed class AccountFiles : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wharf-accounts-").FullName;

    public AccountFiles()
    {
        File.WriteAllText(Passwd, """
            root:x:0:0:root:/root:/bin/bash
            toor:x:0:1000:root again:/root:/bin/sh
            rootgroup:x:1200:0::/nonexistent:/usr/sbin/nologin
            oncall:x:1100:1100::/nonexistent:/usr/sbin/nologin
            operator:x:1101:1101::/home/operator:/bin/bash
            sudoer:x:1102:1102::/home/sudoer:/bin/bash
            wheelie:x:1103:1103::/home/wheelie:/bin/bash
            wharf-www:x:990:990::/nonexistent:/usr/sbin/nologin
            """);
        File.WriteAllText(Group, """
            root:x:0:
            sudo:x:27:sudoer
            wheel:x:10:wheelie
            wharf-admins:x:1300:operator
            oncall:x:1100:
            operator:x:1101:
            sudoer:x:1102:
            wheelie:x:1103:
            wharf-www:x:990:
            staff:x:50:oncall
            """);
    }

    public string Passwd => Path.Combine(_folder, "passwd");
    public string Group => Path.Combine(_folder, "group");

    public AccountDatabase Database => new(Passwd, Group);

    public void Add(string line) => File.AppendAllText(Passwd, "\n" + line);

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
