namespace Wharf.Hosting.Tests;

public sealed class UnixAccountsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wharf-acct-").FullName;

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Users_and_groups_are_found_by_name_and_malformed_lines_are_passed_over()
    {
        var passwd = Write("passwd", "root:x:0:0:root:/root:/bin/bash\nbroken\nwharf-www:x:abc:1:\nwharf-www:x:990:985::/nonexistent:/usr/sbin/nologin\n");
        var group = Write("group", "root:x:0:\nwharf-admins\nwharf-admins:x:4242:alice,bob\n");

        Assert.Equal((990u, 985u), UnixAccounts.FindUser("wharf-www", passwd));
        Assert.True(UnixAccounts.UserExists("wharf-www", passwd));
        Assert.Equal(4242u, UnixAccounts.FindGroupId("wharf-admins", group));
        Assert.Equal("wharf-www", UnixAccounts.NameOf(990, passwd));
    }

    [Fact]
    public void Unknown_names_and_missing_files_find_nothing()
    {
        var passwd = Write("passwd", "root:x:0:0:root:/root:/bin/bash\n");
        var missing = Path.Combine(_folder, "no-such-file");

        Assert.Null(UnixAccounts.FindUser("wharf-www", passwd));
        Assert.Null(UnixAccounts.FindUser("root", missing));
        Assert.False(UnixAccounts.UserExists("root", missing));
        Assert.Null(UnixAccounts.FindGroupId("wharf-admins", missing));
        // A uid nobody is named for reads as its number, as ls -l shows it.
        Assert.Equal("4711", UnixAccounts.NameOf(4711, passwd));
    }

    [Fact]
    public void This_process_is_seen_with_its_own_uid_and_groups()
    {
        var status = File.ReadLines("/proc/self/status").ToList();
        var groups = status.Single(l => l.StartsWith("Groups:", StringComparison.Ordinal))[7..]
            .Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(uint.Parse);

        Assert.Equal(Native.Libc.geteuid(), UnixAccounts.UidOfProcess(Environment.ProcessId));
        Assert.Equal(groups.Order(), UnixAccounts.OfProcess(Environment.ProcessId).Order());
    }

    [SkippableFact]
    public async Task Every_supplementary_group_of_a_process_is_seen_however_many_it_has()
    {
        Skip.IfNot(Native.Libc.geteuid() == 0, "only root can give a process supplementary groups (setpriv --groups)");
        uint[] groups = [.. Enumerable.Range(4200, 12).Select(g => (uint)g)];
        var info = new System.Diagnostics.ProcessStartInfo("setpriv", ["--groups", string.Join(',', groups), "--", "sh", "-c", "echo ready; exec sleep 60"])
        {
            RedirectStandardOutput = true,
        };
        using var process = System.Diagnostics.Process.Start(info)!;
        try
        {
            // Printed after setpriv set the groups and exec'd the shell.
            Assert.Equal("ready", await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)));

            Assert.Equal(groups, UnixAccounts.OfProcess(process.Id).Order());
        }
        finally
        {
            process.Kill();
        }
    }

    [Fact]
    public void A_process_that_is_gone_has_no_uid_and_no_groups()
    {
        // Beyond /proc/sys/kernel/pid_max (at most 2^22): no process can have it.
        const int NoSuchPid = 1 << 23;
        Assert.Null(UnixAccounts.UidOfProcess(NoSuchPid));
        Assert.Empty(UnixAccounts.OfProcess(NoSuchPid));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
