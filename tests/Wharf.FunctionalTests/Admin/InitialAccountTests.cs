using System.Net;
using Wharf.TestKit;

namespace Wharf.FunctionalTests.Admin;

/// <summary>The first `wharf serve` makes the account `admin`, with its password in a file only the serving user can read.</summary>
public sealed class InitialAccountTests
{
    [Fact]
    public async Task The_password_file_is_0600_owned_by_the_serving_user_its_path_is_said_and_the_password_never_printed()
    {
        await using var host = await WharfHost.StartAsync();
        var file = Path.Combine(host.Root, "state", "initial-admin-password");
        var password = File.ReadAllText(file).Trim();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        var owner = await CommandResult.RunAsync("stat", ["-c", "%u", file]);
        var me = await CommandResult.RunAsync("id", ["-u"]);
        Assert.Equal(me.StandardOutput.Trim(), owner.StandardOutput.Trim());
        Assert.True(password.Length >= 20, password.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(file, host.Output);
        Assert.DoesNotContain(password, host.Output);
        await host.Events.WaitForAsync(e => EventLogReader.Is(e, "supervisor", "initial-account-created"), TimeSpan.FromSeconds(10), "initial-account-created");
        Assert.DoesNotContain(password, File.ReadAllText(Path.Combine(host.Root, "logs", "events.log")));
        Assert.DoesNotContain(password, File.ReadAllText(Path.Combine(host.Root, "state", "admin", "accounts.json")));

        using var admin = new RemoteAdmin(host);
        Assert.Equal(HttpStatusCode.OK, (await admin.LoginAsync("admin", password)).Status);
    }

    [SkippableFact]
    public async Task Under_root_the_admin_service_cannot_read_the_password_file()
    {
        Skip.IfNot(Privileges.IsRoot, "needs root: the admin service runs as wharf-admin only under a root supervisor");
        await using var host = await WharfHost.StartAsync();
        var file = Path.Combine(host.Root, "state", "initial-admin-password");

        var asAdmin = await CommandResult.RunAsync("setpriv", ["--reuid=wharf-admin", "--regid=wharf-admin", "--clear-groups", "cat", file]);

        Assert.NotEqual(0, asAdmin.ExitCode);
        Assert.Contains("Permission denied", asAdmin.StandardError);
        Assert.Equal("0", (await CommandResult.RunAsync("stat", ["-c", "%u", file])).StandardOutput.Trim());
    }

    [Fact]
    public async Task A_second_start_keeps_the_accounts_and_writes_no_new_password()
    {
        await using var host = await WharfHost.StartAsync();
        var file = Path.Combine(host.Root, "state", "initial-admin-password");
        var first = File.ReadAllText(file);
        Assert.Equal(0, await host.StopAsync());

        await host.StartAsync();

        Assert.Equal(first, File.ReadAllText(file));
    }
}
