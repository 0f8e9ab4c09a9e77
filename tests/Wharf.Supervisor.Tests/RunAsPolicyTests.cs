namespace Wharf.Supervisor.Tests;

public sealed class RunAsPolicyTests : IDisposable
{
    private const string Field = "services.www.recovery.runAs";
    private readonly AccountFiles _files = new();
    private static readonly string[] ServiceAccounts = ["wharf-admin", "wharf-www"];

    private (UnixAccount? Account, string? Refusal) Check(string? name) => RunAsPolicy.Check(name, Field, ServiceAccounts, _files.Database);

    [Fact]
    public void An_unprivileged_account_of_its_own_is_allowed_with_its_groups()
    {
        var (account, refusal) = Check("oncall");

        Assert.Null(refusal);
        Assert.Equal((1100u, 1100u), (account!.Uid, account.Gid));
        Assert.Equal(["oncall", "staff"], account.GroupNames);
        Assert.Equal([1100u, 50u], account.GroupIds);
    }

    [Theory]
    [InlineData(null, "is not set")]
    [InlineData("", "is not set")]
    [InlineData("root", "is uid 0, which is root under another name")]
    [InlineData("toor", "is uid 0, which is root under another name")]
    [InlineData("rootgroup", "has group 0 (root's) as its primary group")]
    [InlineData("operator", "is in the group wharf-admins, whose members administer Wharf")]
    [InlineData("sudoer", "is in the group sudo, whose members administer the machine")]
    [InlineData("wheelie", "is in the group wheel, whose members administer the machine")]
    [InlineData("wharf-www", "is a Wharf service's account")]
    [InlineData("wharf-admin", "is a Wharf service's account")]
    [InlineData("ghost", "does not exist on this machine")]
    public void Root_administrators_and_services_accounts_are_refused_naming_the_field_and_why(string? name, string why)
    {
        var (account, refusal) = Check(name);

        Assert.Null(account);
        Assert.StartsWith(Field, refusal);
        Assert.Contains(why, refusal);
    }

    public void Dispose() => _files.Dispose();
}

public sealed class ServiceAccountSetupTests : IDisposable
{
    private readonly AccountFiles _files = new();
    private readonly List<string> _created = [];

    private ServiceAccountSetup Setup(string? failure = null) => new(_files.Database, name =>
    {
        _created.Add(name);
        if (failure is null) _files.Add($"{name}:x:991:991::/nonexistent:/usr/sbin/nologin");
        return failure;
    });

    [Fact]
    public void An_existing_account_is_used_as_it_is()
    {
        var (account, created, problem) = Setup().Ensure("www", "wharf-www", configured: false);

        Assert.Equal((990u, false, (string?)null), (account!.Uid, created, problem));
        Assert.Empty(_created);
    }

    [Fact]
    public void A_missing_service_account_is_created_once()
    {
        var setup = Setup();

        var first = setup.Ensure("admin", "wharf-admin", configured: false);
        var second = setup.Ensure("admin", "wharf-admin", configured: false);

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(991u, second.Account!.Uid);
        Assert.Equal(["wharf-admin"], _created);
    }

    [Fact]
    public void When_the_account_cannot_be_created_the_failure_says_how_to_create_it()
    {
        var (account, _, problem) = Setup("useradd exited with 1: cannot lock /etc/passwd").Ensure("admin", "wharf-admin", configured: false);

        Assert.Null(account);
        Assert.Contains("cannot lock /etc/passwd", problem);
        Assert.Contains("useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin wharf-admin", problem);
        Assert.Contains("services.admin.user", problem);
    }

    [Fact]
    public void A_configured_account_that_is_missing_is_not_created_but_named()
    {
        var (account, _, problem) = Setup().Ensure("www", "webuser", configured: true);

        Assert.Null(account);
        Assert.Empty(_created);
        Assert.Contains("\"webuser\" named in services.www.user does not exist", problem);
    }

    [Theory]
    [InlineData("toor", "root's")]
    [InlineData("sudoer", "is in the group sudo")]
    public void A_configured_account_with_root_or_an_administrators_rights_is_refused(string user, string why)
    {
        var (account, _, problem) = Setup().Ensure("www", user, configured: true);

        Assert.Null(account);
        Assert.Contains(why, problem);
    }

    public void Dispose() => _files.Dispose();
}
