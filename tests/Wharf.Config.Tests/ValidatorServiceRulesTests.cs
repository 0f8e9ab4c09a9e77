using Wharf.Config.Model;
using static Wharf.Config.Tests.Samples;

namespace Wharf.Config.Tests;

public sealed class ValidatorServiceRulesTests
{
    [Fact]
    public void The_default_configuration_has_no_errors()
    {
        Assert.Empty(Errors(Valid));
    }

    [Fact]
    public void A_negative_version_is_an_error()
    {
        Assert.Equal(new ConfigError("/version", "-1 is negative; the version starts at 0 and only grows"), OnlyError(Valid with { Version = -1 }));
    }

    [Fact]
    public void Version_zero_is_allowed_for_a_hand_written_file()
    {
        Assert.Empty(Errors(Valid with { Version = 0 }));
    }

    [Fact]
    public void History_must_keep_at_least_one_file()
    {
        Assert.Equal(new ConfigError("/maxHistoryFiles", "0 is less than 1; keep at least one version in history"), OnlyError(Valid with { MaxHistoryFiles = 0 }));
    }

    [Fact]
    public void A_zero_startup_time_limit_is_an_error()
    {
        Assert.Equal(new ConfigError("/services/www/startupTimeLimit", "\"00:00:00\" is not a positive duration; it must be longer than zero"),
            OnlyError(WithService(s => s with { StartupTimeLimit = TimeSpan.Zero })));
    }

    [Theory]
    [InlineData("root")]
    [InlineData("0")]
    public void A_service_may_not_run_as_root(string user)
    {
        var error = OnlyError(WithService(s => s with { User = user }));

        Assert.Equal("/services/www/user", error.Path);
        Assert.Contains("services never run as root", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("web user")]
    [InlineData("a:b")]
    public void A_user_name_must_be_a_name(string user)
    {
        Assert.Equal(new ConfigError("/services/www/user", $"\"{user}\" is not a user name"), OnlyError(WithService(s => s with { User = user })));
    }

    [Fact]
    public void An_unprivileged_user_is_accepted()
    {
        Assert.Empty(Errors(WithService(s => s with { User = "www-data" })));
    }

    [Fact]
    public void A_zero_ping_interval_is_an_error()
    {
        Assert.Equal("/services/www/pingInterval", OnlyError(WithService(s => s with { PingInterval = TimeSpan.Zero })).Path);
    }

    [Fact]
    public void Ping_missed_limit_must_be_at_least_one()
    {
        Assert.Equal(new ConfigError("/services/www/pingMissedLimit", "0 is less than 1; a service is hung after this many missed pings"),
            OnlyError(WithService(s => s with { PingMissedLimit = 0 })));
    }

    [Fact]
    public void A_zero_restart_delay_is_allowed()
    {
        Assert.Empty(Errors(WithRecovery(r => r with { RestartDelay = TimeSpan.Zero })));
    }

    [Fact]
    public void A_negative_duration_built_in_code_is_an_error()
    {
        Assert.Equal(new ConfigError("/services/www/recovery/restartDelay", "\"-00:00:01\" is negative; a duration is zero or more"),
            OnlyError(WithRecovery(r => r with { RestartDelay = TimeSpan.FromSeconds(-1) })));
    }

    [Fact]
    public void A_zero_reset_fail_count_period_is_an_error()
    {
        Assert.Equal("/services/www/recovery/resetFailCountAfter", OnlyError(WithRecovery(r => r with { ResetFailCountAfter = TimeSpan.Zero })).Path);
    }

    [Fact]
    public void The_run_action_requires_a_program()
    {
        Assert.Equal(new ConfigError("/services/www/recovery/program", "secondFailure is \"run\" but no program is set; name the program to run in \"program\""),
            OnlyError(WithRecovery(r => r with { SecondFailure = RecoveryAction.Run, RunAs = "oncall" })));
    }

    [Fact]
    public void The_run_action_requires_an_account_to_run_as()
    {
        Assert.Equal(new ConfigError("/services/www/recovery/runAs", "the recovery program needs an account to run as: name an unprivileged user in \"runAs\" (never root)"),
            OnlyError(WithRecovery(r => r with { FirstFailure = RecoveryAction.Run, Program = "/usr/local/bin/page-oncall" })));
    }

    [Theory]
    [InlineData("root", "is root; the recovery program never runs as root")]
    [InlineData("0", "is root; the recovery program never runs as root")]
    [InlineData("", "is not a user name")]
    [InlineData("wharf-www", "is the account of the www service")]
    [InlineData("wharf-admin", "is the account of the admin service")]
    public void The_recovery_program_may_not_run_as_root_or_as_a_services_account(string runAs, string why)
    {
        var error = OnlyError(WithRecovery(r => r with { FirstFailure = RecoveryAction.Run, Program = "/usr/local/bin/page-oncall", RunAs = runAs }));

        Assert.Equal("/services/www/recovery/runAs", error.Path);
        Assert.Contains(why, error.Message);
    }

    [Fact]
    public void A_run_as_account_is_checked_even_while_no_action_runs_it()
    {
        Assert.Equal("/services/www/recovery/runAs", OnlyError(WithRecovery(r => r with { RunAs = "root" })).Path);
    }

    [Fact]
    public void The_recovery_program_may_not_run_as_an_account_a_service_is_configured_with()
    {
        var config = Valid with
        {
            Services = Valid.Services
                .With(ServiceNames.Admin, new ServiceConfig { User = "wharfadm" })
                .With(ServiceNames.Www, new ServiceConfig { Recovery = new RecoveryConfig { FirstFailure = RecoveryAction.Run, Program = "/bin/true", RunAs = "wharfadm" } }),
        };

        Assert.Contains("is the account of the admin service", OnlyError(config).Message);
    }

    [Theory]
    [InlineData("nobody")]
    [InlineData("nogroup")]
    public void A_service_may_not_run_as_an_account_other_software_shares(string user)
    {
        var error = OnlyError(WithService(s => s with { User = user }));

        Assert.Equal("/services/www/user", error.Path);
        Assert.Contains("is shared with other software", error.Message);
    }

    [Fact]
    public void Two_services_may_not_share_an_account_named_or_derived()
    {
        var named = Valid with { Services = Valid.Services.With(ServiceNames.Admin, new ServiceConfig { User = "web" }).With(ServiceNames.Www, new ServiceConfig { User = "web" }) };
        var derived = Valid with { Services = Valid.Services.With(ServiceNames.Admin, new ServiceConfig { User = "wharf-www" }) };

        Assert.Equal(["/services/admin/user", "/services/www/user"], Errors(named).Select(e => e.Path));
        Assert.Contains("is also the account of www", OnlyError(derived).Message);
    }

    [Fact]
    public void The_run_action_with_a_program_is_valid()
    {
        Assert.Empty(Errors(WithRecovery(r => r with { SubsequentFailures = RecoveryAction.Run, Program = "/usr/local/bin/page-oncall", RunAs = "oncall" })));
    }

    [Fact]
    public void Rapid_fail_max_failures_must_be_at_least_one()
    {
        Assert.Equal(new ConfigError("/services/www/recovery/rapidFail/maxFailures", "0 is less than 1; this many failures within the interval put the service in Failed"),
            OnlyError(WithRapidFail(r => r with { MaxFailures = 0 })));
    }

    [Fact]
    public void A_zero_rapid_fail_interval_is_an_error()
    {
        Assert.Equal("/services/www/recovery/rapidFail/interval", OnlyError(WithRapidFail(r => r with { Interval = TimeSpan.Zero })).Path);
    }

    [Fact]
    public void Retry_backoff_longer_than_its_maximum_is_an_error()
    {
        var error = OnlyError(WithRapidFail(r => r with { RetryBackoff = TimeSpan.FromHours(2), MaxRetryBackoff = TimeSpan.FromHours(1) }));

        Assert.Equal(new ConfigError("/services/www/recovery/rapidFail/retryBackoff",
            "\"02:00:00\" is longer than maxRetryBackoff \"01:00:00\"; the back-off starts here and doubles up to that"), error);
    }

    [Fact]
    public void Retry_backoff_equal_to_its_maximum_is_allowed()
    {
        Assert.Empty(Errors(WithRapidFail(r => r with { RetryBackoff = TimeSpan.FromHours(1), MaxRetryBackoff = TimeSpan.FromHours(1) })));
    }

    [Fact]
    public void Zero_retry_backoffs_are_errors()
    {
        var errors = Errors(WithRapidFail(r => r with { RetryBackoff = TimeSpan.Zero, MaxRetryBackoff = TimeSpan.Zero }));

        Assert.Equal(["/services/www/recovery/rapidFail/retryBackoff", "/services/www/recovery/rapidFail/maxRetryBackoff"], errors.Select(e => e.Path));
    }

    [Fact]
    public void Application_pools_need_a_name()
    {
        Assert.Equal(new ConfigError("/applicationPools/1/name", "\" \" is not a name; every application pool needs one"),
            OnlyError(Valid with { ApplicationPools = [.. Valid.ApplicationPools, new AppPoolConfig { Name = " " }] }));
    }

    [Fact]
    public void Application_pool_names_are_unique_ignoring_case()
    {
        var error = OnlyError(Valid with { ApplicationPools = [.. Valid.ApplicationPools, new AppPoolConfig { Name = "defaultapppool" }] });

        Assert.Equal(new ConfigError("/applicationPools/1/name",
            "\"defaultapppool\" is also the name of /applicationPools/0; application pool names are unique (ignoring case)"), error);
    }

    [Fact]
    public void Every_error_is_returned_not_just_the_first()
    {
        var config = Valid with { Version = -1, MaxHistoryFiles = 0, Sites = [Valid.Sites[0] with { Bindings = [Http(0)] }] };

        Assert.Equal(["/version", "/maxHistoryFiles", "/sites/0/bindings/0/port"], Errors(config).Select(e => e.Path));
    }
}
