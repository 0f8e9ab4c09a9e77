using Wharf.Config.Model;
using static Wharf.Config.Tests.Samples;

namespace Wharf.Config.Tests;

/// <summary>Each rule of an application pool fires alone and names the field by its JSON Pointer.</summary>
public sealed class ValidatorPoolRulesTests
{
    private const string Pool = "/applicationPools/1";

    private static readonly WorkerProgramConfig Program = new() { Command = "/usr/bin/dotnet", Arguments = ["app.dll"] };

    /// <summary>The default configuration plus a pool "Shop" that runs a program, changed by <paramref name="change"/>.</summary>
    private static WharfConfig WithPool(Func<AppPoolConfig, AppPoolConfig> change) => Valid with
    {
        ApplicationPools = [Valid.ApplicationPools[0], change(new AppPoolConfig { Name = "Shop", Program = Program })],
    };

    private static WharfConfig WithProgram(Func<WorkerProgramConfig, WorkerProgramConfig> change) => WithPool(p => p with { Program = change(Program) });

    private static WharfConfig WithModel(Func<AppPoolProcessModelConfig, AppPoolProcessModelConfig> change) =>
        WithPool(p => p with { ProcessModel = change(p.ProcessModel) });

    private static WharfConfig WithFailure(Func<AppPoolFailureConfig, AppPoolFailureConfig> change) =>
        WithPool(p => p with { Failure = change(p.Failure) });

    private static WharfConfig WithRestart(Func<PeriodicRestartConfig, PeriodicRestartConfig> change) =>
        WithPool(p => p with { Recycling = p.Recycling with { PeriodicRestart = change(p.Recycling.PeriodicRestart) } });

    private static EnvironmentVariableConfig Env(string name, string value = "1") => new() { Name = name, Value = value };

    [Fact]
    public void A_pool_with_a_program_and_every_default_is_valid()
    {
        Assert.Empty(Errors(WithPool(p => p)));
    }

    [Fact]
    public void A_pool_with_every_setting_in_range_is_valid()
    {
        Assert.Empty(Errors(WithPool(p => p with
        {
            QueueLength = 65535,
            MaxConcurrentRequestsPerWorker = 0,
            Program = Program with
            {
                Environment = [Env("DOTNET_gcServer", "0"), Env("_private")],
                WorkingDirectory = "/srv/shop",
                WarmupPath = "/warm?now=1",
                Listen = WorkerListen.Tcp,
            },
            ProcessModel = p.ProcessModel with { UserName = "shop", MaxProcesses = 64, IdleTimeout = TimeSpan.Zero, PingPath = "/health" },
            Recycling = p.Recycling with { PeriodicRestart = new PeriodicRestartConfig { Time = TimeSpan.Zero, Schedule = ["00:00", "23:59"] } },
            Failure = p.Failure with { AutoShutdownExe = "/usr/local/bin/page", OrphanActionExe = "/usr/bin/gcore", RapidFailRestartAfter = TimeSpan.FromMinutes(1) },
            Cpu = new AppPoolCpuConfig { Limit = 100_000, Action = CpuAction.Throttle, SmpAffinitized = true, SmpProcessorAffinityMask = 3 },
        })));
    }

    [Fact]
    public void A_relative_command_is_refused_as_there_is_no_shell_or_path_search()
    {
        Assert.Equal(new ConfigError(Pool + "/program/command",
                "\"dotnet\" is not an absolute path; the worker's program is named by its full path, such as \"/usr/bin/dotnet\" (no shell, no PATH search)"),
            OnlyError(WithProgram(p => p with { Command = "dotnet" })));
    }

    [Fact]
    public void An_empty_command_is_refused()
    {
        Assert.Equal(Pool + "/program/command", OnlyError(WithProgram(p => p with { Command = "" })).Path);
    }

    [Theory]
    [InlineData("1ABC")]
    [InlineData("MY-VAR")]
    [InlineData("A=B")]
    [InlineData("")]
    public void An_environment_name_must_be_a_variable_name(string name)
    {
        Assert.Equal(new ConfigError(Pool + "/program/environment/0/name", $"\"{name}\" is not a variable name; it is letters, digits and '_', not starting with a digit"),
            OnlyError(WithProgram(p => p with { Environment = [Env(name)] })));
    }

    [Theory]
    [InlineData("ASPNETCORE_URLS")]
    [InlineData("PORT")]
    [InlineData("ASPNETCORE_FORWARDEDHEADERS_ENABLED")]
    [InlineData("LISTEN_FDS")]
    [InlineData("LISTEN_PID")]
    [InlineData("LISTEN_FDNAMES")]
    [InlineData("WHARF_APP_POOL")]
    [InlineData("WHARF_ANYTHING")]
    public void Wharfs_own_variables_cannot_be_set_by_a_pool(string name)
    {
        var error = OnlyError(WithProgram(p => p with { Environment = [Env("OK"), Env(name)] }));
        Assert.Equal(Pool + "/program/environment/1/name", error.Path);
        Assert.StartsWith($"\"{name}\" is set by Wharf itself", error.Message);
    }

    [Fact]
    public void A_variable_set_twice_names_the_first()
    {
        Assert.Equal(new ConfigError(Pool + "/program/environment/2/name", "\"A\" is also set by /applicationPools/1/program/environment/0; each variable is set once"),
            OnlyError(WithProgram(p => p with { Environment = [Env("A"), Env("B"), Env("A")] })));
    }

    [Fact]
    public void Names_differing_in_case_are_two_variables_as_on_linux()
    {
        Assert.Empty(Errors(WithProgram(p => p with { Environment = [Env("Path"), Env("PATH")] })));
    }

    [Fact]
    public void A_nul_in_a_value_or_argument_is_refused_since_execve_cannot_carry_it()
    {
        var errors = Errors(WithProgram(p => p with { Arguments = ["a\0b"], Environment = [Env("A", "x\0y")] }));
        Assert.Equal([Pool + "/program/arguments/0", Pool + "/program/environment/0/value"], errors.Select(e => e.Path));
    }

    [Fact]
    public void The_working_directory_is_absolute()
    {
        Assert.Equal(Pool + "/program/workingDirectory", OnlyError(WithProgram(p => p with { WorkingDirectory = "shop" })).Path);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    [InlineData(-1)]
    public void Max_processes_is_1_to_64(int count)
    {
        Assert.Equal(new ConfigError(Pool + "/processModel/maxProcesses",
                $"{count} is out of range; a pool runs 1 to 64 workers (each is a whole process; more than one is a web garden)"),
            OnlyError(WithModel(m => m with { MaxProcesses = count })));
    }

    [Theory]
    [InlineData(9)]
    [InlineData(65536)]
    public void Queue_length_is_iis_s_range_10_to_65535(int length)
    {
        Assert.Equal(new ConfigError(Pool + "/queueLength", $"{length} is out of range; queueLength is 10 to 65535, as in IIS"),
            OnlyError(WithPool(p => p with { QueueLength = length })));
    }

    [Fact]
    public void Queue_length_10_is_the_smallest_allowed()
    {
        Assert.Empty(Errors(WithPool(p => p with { QueueLength = 10 })));
    }

    [Fact]
    public void A_zero_queue_timeout_is_an_error()
    {
        Assert.Equal(Pool + "/queueTimeout", OnlyError(WithPool(p => p with { QueueTimeout = TimeSpan.Zero })).Path);
    }

    [Theory]
    [InlineData("startupTimeLimit")]
    [InlineData("shutdownTimeLimit")]
    [InlineData("pingInterval")]
    [InlineData("pingResponseTime")]
    public void Time_limits_and_ping_times_must_be_positive(string field)
    {
        var zero = TimeSpan.Zero;
        var config = WithModel(m => field switch
        {
            "startupTimeLimit" => m with { StartupTimeLimit = zero },
            "shutdownTimeLimit" => m with { ShutdownTimeLimit = zero },
            "pingInterval" => m with { PingInterval = zero },
            _ => m with { PingResponseTime = zero },
        });
        Assert.Equal(new ConfigError($"{Pool}/processModel/{field}", "\"00:00:00\" is not a positive duration; it must be longer than zero"), OnlyError(config));
    }

    [Fact]
    public void A_negative_idle_timeout_is_an_error_and_zero_means_never()
    {
        Assert.Equal(Pool + "/processModel/idleTimeout", OnlyError(WithModel(m => m with { IdleTimeout = TimeSpan.FromSeconds(-1) })).Path);
        Assert.Empty(Errors(WithModel(m => m with { IdleTimeout = TimeSpan.Zero })));
    }

    [Theory]
    [InlineData("health")]
    [InlineData("")]
    [InlineData("/he alth")]
    [InlineData("/x\r\nHost: evil")]
    public void The_ping_path_starts_with_a_slash_and_cannot_break_the_request_line(string path)
    {
        var error = OnlyError(WithModel(m => m with { PingPath = path }));
        Assert.Equal(Pool + "/processModel/pingPath", error.Path);
        Assert.Contains("the health request asks for a path that starts with '/'", error.Message);
    }

    [Fact]
    public void The_warmup_path_starts_with_a_slash()
    {
        Assert.Equal(Pool + "/program/warmupPath", OnlyError(WithProgram(p => p with { WarmupPath = "warm" })).Path);
    }

    [Fact]
    public void A_direct_handoff_pool_is_always_running_as_www_sees_no_request_that_would_start_it()
    {
        var error = OnlyError(WithPool(p => p with { Program = Program with { DirectHandoff = true } }));
        Assert.Equal(Pool + "/startMode", error.Path);
        Assert.Contains("alwaysRunning", error.Message);
        Assert.Empty(Errors(WithPool(p => p with { StartMode = AppPoolStartMode.AlwaysRunning, Program = Program with { DirectHandoff = true } })));
    }

    [Theory]
    [InlineData("24:00")]
    [InlineData("3:00")]
    [InlineData("12:60")]
    [InlineData("noon")]
    [InlineData("12:00:00")]
    public void A_schedule_entry_is_hh_mm_from_00_00_to_23_59(string time)
    {
        Assert.Equal(new ConfigError(Pool + "/recycling/periodicRestart/schedule/1",
                $"\"{time}\" is not a time of day; write \"hh:mm\" from \"00:00\" to \"23:59\", such as \"03:00\""),
            OnlyError(WithRestart(r => r with { Schedule = ["03:00", time] })));
    }

    [Fact]
    public void Negative_recycling_counts_and_memory_are_errors()
    {
        var errors = Errors(WithRestart(r => r with { Requests = -1, PrivateMemory = -1, Memory = -1, Time = TimeSpan.FromMinutes(-1) }));
        Assert.Equal(
            [Pool + "/recycling/periodicRestart/time", Pool + "/recycling/periodicRestart/requests",
             Pool + "/recycling/periodicRestart/privateMemory", Pool + "/recycling/periodicRestart/memory"],
            errors.Select(e => e.Path));
    }

    [Fact]
    public void A_negative_memory_limit_is_an_error()
    {
        Assert.Equal(new ConfigError(Pool + "/memory/limit", "-5 is negative; it is KB of private memory, or 0 for no limit"),
            OnlyError(WithPool(p => p with { Memory = new AppPoolMemoryConfig { Limit = -5 } })));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(100_001)]
    public void Cpu_limit_is_0_to_100000(long limit)
    {
        Assert.Equal(Pool + "/cpu/limit", OnlyError(WithPool(p => p with { Cpu = p.Cpu with { Limit = limit } })).Path);
    }

    [Fact]
    public void An_affinity_mask_of_zero_is_refused_only_when_affinity_is_on()
    {
        Assert.Equal(Pool + "/cpu/smpProcessorAffinityMask",
            OnlyError(WithPool(p => p with { Cpu = p.Cpu with { SmpAffinitized = true, SmpProcessorAffinityMask = 0 } })).Path);
        Assert.Empty(Errors(WithPool(p => p with { Cpu = p.Cpu with { SmpProcessorAffinityMask = 0 } })));
    }

    [Theory]
    [InlineData("root", "is root; a pool's workers never run as root")]
    [InlineData("0", "is root; a pool's workers never run as root")]
    [InlineData("nobody", "is shared with other software")]
    [InlineData("", "is not a user name")]
    [InlineData("web user", "is not a user name")]
    [InlineData("wharf-www", "is the account of the www service")]
    [InlineData("wharf-admin", "is the account of the admin service")]
    public void A_pool_never_runs_as_root_nobody_or_a_services_account(string user, string why)
    {
        var error = OnlyError(WithModel(m => m with { UserName = user }));
        Assert.Equal(Pool + "/processModel/userName", error.Path);
        Assert.Contains(why, error.Message);
    }

    [Fact]
    public void A_service_account_renamed_in_the_configuration_is_refused_under_its_new_name()
    {
        var config = WithModel(m => m with { UserName = "webserver" }) with
        {
            Services = new ServicesConfig { [ServiceNames.Www] = new ServiceConfig { User = "webserver" } },
        };
        Assert.Contains("is the account of the www service", OnlyError(config).Message);
    }

    [Fact]
    public void The_programs_run_on_failure_are_absolute()
    {
        var errors = Errors(WithFailure(f => f with { AutoShutdownExe = "page.sh", OrphanActionExe = "gcore" }));
        Assert.Equal([Pool + "/failure/autoShutdownExe", Pool + "/failure/orphanActionExe"], errors.Select(e => e.Path));
    }

    [Fact]
    public void Rapid_fail_needs_a_positive_window_at_least_one_crash_and_a_positive_restart()
    {
        var errors = Errors(WithFailure(f => f with
        {
            RapidFailProtectionInterval = TimeSpan.Zero,
            RapidFailProtectionMaxCrashes = 0,
            RapidFailRestartAfter = TimeSpan.Zero,
        }));
        Assert.Equal(
            [Pool + "/failure/rapidFailProtectionInterval", Pool + "/failure/rapidFailProtectionMaxCrashes", Pool + "/failure/rapidFailRestartAfter"],
            errors.Select(e => e.Path));
    }

    [Fact]
    public void A_negative_concurrency_cap_is_an_error()
    {
        Assert.Equal(Pool + "/maxConcurrentRequestsPerWorker", OnlyError(WithPool(p => p with { MaxConcurrentRequestsPerWorker = -1 })).Path);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1_048_577)]
    public void The_open_files_limit_is_within_what_the_kernel_allows(int limit)
    {
        Assert.Equal(Pool + "/program/openFilesLimit", OnlyError(WithProgram(p => p with { OpenFilesLimit = limit })).Path);
    }

    [Theory]
    [InlineData("Shop/Admin")]
    [InlineData("..")]
    [InlineData("Shop#2")]
    [InlineData("a\\b")]
    [InlineData(" Shop")]
    public void A_pool_name_cannot_name_another_folder_or_look_like_a_worker_id(string name)
    {
        Assert.Equal(Pool + "/name", OnlyError(WithPool(p => p with { Name = name })).Path);
    }

    [Fact]
    public void The_rules_apply_to_a_pool_without_a_program_too()
    {
        var config = Valid with { ApplicationPools = [Valid.ApplicationPools[0] with { QueueLength = 5 }] };
        Assert.Equal("/applicationPools/0/queueLength", OnlyError(config).Path);
    }
}
