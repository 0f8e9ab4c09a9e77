using Wharf.Supervisor.Pools.Launch;

namespace Wharf.Supervisor.Tests.Pools.Launch;

public sealed class PoolNamesTests
{
    [Theory]
    [InlineData("shop", "wharf-pool-shop")]
    [InlineData("api-2", "wharf-pool-api-2")]
    [InlineData("a23456789012345678901", "wharf-pool-a23456789012345678901")]
    public void A_name_that_is_already_a_user_name_and_fits_is_kept_as_is(string pool, string account) =>
        Assert.Equal(account, PoolNames.Account(pool));

    [Theory]
    [InlineData("Shop")]
    [InlineData("My Shop")]
    [InlineData("DefaultAppPool")]
    [InlineData("a234567890123456789012")]
    [InlineData("élan")]
    [InlineData("../../etc")]
    [InlineData("!!!")]
    [InlineData("")]
    public void Any_other_name_becomes_a_valid_linux_user_name_of_at_most_32_characters(string pool)
    {
        var account = PoolNames.Account(pool);

        Assert.Matches("^wharf-pool-[a-z0-9]([a-z0-9-]*[a-z0-9])?$", account);
        Assert.True(account.Length <= 32, account);
    }

    [Fact]
    public void Names_that_differ_only_in_case_or_past_the_room_get_different_accounts()
    {
        string[] pools = ["Shop", "shop", "SHOP", "My Shop", "my-shop", "my shop", "averyveryverylongpoolname-1", "averyveryverylongpoolname-2"];

        var accounts = pools.Select(PoolNames.Account).ToArray();

        Assert.Equal(pools.Length, accounts.Distinct().Count());
    }

    [Fact]
    public void The_slug_is_the_same_every_time_so_a_pool_keeps_its_account_across_restarts() =>
        Assert.Equal(PoolNames.Slug("My Shop"), PoolNames.Slug("My Shop"));

    [Theory]
    [InlineData("DefaultAppPool", "DefaultAppPool")]
    [InlineData("My Shop", "My Shop")]
    public void A_log_folder_keeps_the_pools_own_name_when_it_is_a_safe_folder_name(string pool, string folder) =>
        Assert.Equal(folder, PoolNames.Folder(pool));

    [Theory]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData(".hidden")]
    [InlineData("tab\there")]
    public void A_name_that_could_leave_or_hide_in_the_logs_folder_uses_its_slug(string pool) =>
        Assert.Equal(PoolNames.Slug(pool), PoolNames.Folder(pool));

    [Theory]
    [InlineData("Shop#12", "w12")]
    [InlineData("a#b#3", "w3")]
    public void A_workers_files_are_named_after_its_number(string id, string name) =>
        Assert.Equal(name, PoolNames.WorkerFileName(id));
}
