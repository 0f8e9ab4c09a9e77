using Wharf.Config.Model;
using Wharf.Supervisor.Pools.Launch;

namespace Wharf.Supervisor.Tests.Pools.Launch;

public sealed class PoolAccountTests : IDisposable
{
    private readonly AccountFiles _files = new();
    private readonly List<string> _created = [];
    private readonly List<string> _events = [];

    public PoolAccountTests()
    {
        _files.Add("wharf-admin:x:991:991::/nonexistent:/usr/sbin/nologin");
        _files.Add("nobody:x:65534:65534::/nonexistent:/usr/sbin/nologin");
        _files.Add("shopper:x:1400:1400::/nonexistent:/usr/sbin/nologin");
        _files.Add("docked:x:1401:1401::/nonexistent:/usr/sbin/nologin");
        _files.Add("shadowy:x:1402:42::/nonexistent:/usr/sbin/nologin");
        _files.Add("wharf-pool-evil:x:1403:1403::/nonexistent:/usr/sbin/nologin");
        File.AppendAllText(_files.Group, "\ndocker:x:999:docked\nshadow:x:42:\nshopper:x:1400:\nadm:x:4:wharf-pool-evil");
    }

    public void Dispose() => _files.Dispose();

    private PoolAccounts Accounts(bool creates = true) => new(_files.Database, name =>
    {
        if (!creates) return "useradd: Permission denied";
        _created.Add(name);
        _files.Add($"{name}:x:{1500 + _created.Count}:{1500 + _created.Count}::/nonexistent:/usr/sbin/nologin");
        return null;
    }, (pool, account) => _events.Add($"{pool} {account.Name}"));

    private static AppPoolConfig Pool(string name, string? user = null) => new()
    {
        Name = name,
        ProcessModel = new AppPoolProcessModelConfig { UserName = user },
        Program = new WorkerProgramConfig { Command = "/usr/bin/true" },
    };

    private static readonly string[] Services = ["wharf-admin", "wharf-www"];

    [Fact]
    public void A_pool_without_a_user_gets_its_own_account_created_once_with_an_event()
    {
        var accounts = Accounts();

        var first = accounts.Resolve(Pool("Shop"), Services);
        var second = accounts.Resolve(Pool("Shop"), Services);

        Assert.Equal(PoolNames.Account("Shop"), first.Name);
        Assert.Equal(first.Uid, second.Uid);
        Assert.Equal([PoolNames.Account("Shop")], _created);
        Assert.Equal([$"Shop {PoolNames.Account("Shop")}"], _events);
    }

    [Fact]
    public void An_account_that_cannot_be_created_is_a_refusal_naming_the_command_to_run()
    {
        var e = Assert.Throws<WorkerLaunchException>(() => Accounts(creates: false).Resolve(Pool("Shop"), Services));

        Assert.Contains("useradd --system --user-group", e.Message);
        Assert.Contains("Permission denied", e.Message);
    }

    [Fact]
    public void A_named_account_is_used_as_is_and_never_created()
    {
        Assert.Equal(1400u, Accounts().Resolve(Pool("Shop", "shopper"), Services).Uid);
        var e = Assert.Throws<WorkerLaunchException>(() => Accounts().Resolve(Pool("Shop", "ghost"), Services));
        Assert.Contains("\"ghost\" does not exist", e.Message);
        Assert.Empty(_created);
    }

    [Theory]
    [InlineData("root", "uid 0")]
    [InlineData("toor", "uid 0")]
    [InlineData("rootgroup", "group 0")]
    [InlineData("wharf-www", "Wharf service's account")]
    [InlineData("wharf-admin", "Wharf service's account")]
    [InlineData("nobody", "shared with other software")]
    [InlineData("sudoer", "group sudo")]
    [InlineData("wheelie", "group wheel")]
    [InlineData("operator", "group wharf-admins")]
    [InlineData("docked", "group docker")]
    [InlineData("shadowy", "group shadow")]
    public void A_pool_never_runs_as_root_a_service_nobody_or_an_administrator(string user, string why)
    {
        var e = Assert.Throws<WorkerLaunchException>(() => Accounts().Resolve(Pool("Shop", user), Services));

        Assert.Contains(why, e.Message);
        Assert.Contains("Shop", e.Message);
    }

    [Fact]
    public void A_pools_own_account_that_someone_put_in_an_administrative_group_is_refused_too()
    {
        var e = Assert.Throws<WorkerLaunchException>(() => Accounts().Resolve(Pool("evil"), Services));

        Assert.Contains("group adm", e.Message);
    }

    [Fact]
    public void A_service_account_renamed_in_the_configuration_is_refused_by_its_new_name()
    {
        var e = Assert.Throws<WorkerLaunchException>(() => Accounts().Resolve(Pool("Shop", "shopper"), ["shopper"]));

        Assert.Contains("Wharf service's account", e.Message);
    }
}
