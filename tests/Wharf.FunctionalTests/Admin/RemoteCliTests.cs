using Wharf.TestKit;

namespace Wharf.FunctionalTests.Admin;

/// <summary>
/// `wharf reset COMPUTER:PORT` and `--computer` against the real `wharf serve` over HTTPS, as
/// another machine's administrator would run them: a home of their own (known_hosts), a token in
/// a file, and no terminal to ask anything on.
/// </summary>
public sealed class RemoteCliTests
{
    private static async Task<(WharfHost Host, string Home, string TokenFile)> StartAsync(string role = "admin")
    {
        var host = await WharfHost.StartAsync();
        var home = Path.Combine(host.Root, "home");
        Directory.CreateDirectory(home);
        var add = await host.CliAsync("admin", "token", "add", "ops", "--role", role);
        Assert.True(add.ExitCode == 0, add.ToString());
        var tokenFile = Path.Combine(home, "token");
        File.WriteAllText(tokenFile, add.StandardOutput);
        return (host, home, tokenFile);
    }

    // No --root: a remote command needs no data root of its own.
    private static Task<CommandResult> RemoteAsync(string home, params string[] arguments) =>
        CommandResult.RunAsync(WharfPaths.Executable, arguments, TimeSpan.FromSeconds(120),
            new Dictionary<string, string> { ["HOME"] = home, ["XDG_CONFIG_HOME"] = "", ["WHARF_TOKEN"] = "" });

    private static string KnownHosts(string home) => Path.Combine(home, ".config", "wharf", "known_hosts");

    [Fact]
    public async Task A_remote_reset_with_a_token_restarts_every_service_with_progress_and_exit_0_after_pinning_the_host()
    {
        var (host, home, tokenFile) = await StartAsync();
        await using var _ = host;
        var before = await host.ServicePidAsync("www");

        var reset = await RemoteAsync(home, "reset", $"127.0.0.1:{host.AdminPort}", "--token-file", tokenFile, "--accept-new-host");

        Assert.True(reset.ExitCode == 0, reset.ToString());
        Assert.Contains("Attempting restart...", reset.StandardOutput);
        Assert.Contains("Internet services successfully restarted", reset.StandardOutput);
        Assert.NotEqual(before, await host.ServicePidAsync("www"));
        var pinned = File.ReadAllText(KnownHosts(home));
        Assert.StartsWith($"127.0.0.1:{host.AdminPort} ", pinned);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KnownHosts(home)));

        // Pinned now: no flag needed, and the audit log names the token.
        var again = await RemoteAsync(home, "reset", $"127.0.0.1:{host.AdminPort}", "/status", "--token-file", tokenFile);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("www: running", again.StandardOutput, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"user\":\"token:ops\"", File.ReadAllText(Path.Combine(host.Root, "logs", "audit.log")));
    }

    [Fact]
    public async Task A_wrong_token_is_refused_with_exit_77_and_nothing_is_reset()
    {
        var (host, home, _) = await StartAsync();
        await using var _ = host;
        var before = await host.ServicePidAsync("www");
        var wrong = Path.Combine(home, "wrong");
        File.WriteAllText(wrong, "not-a-token\n");

        var reset = await RemoteAsync(home, "reset", $"127.0.0.1:{host.AdminPort}", "--token-file", wrong, "--accept-new-host");

        Assert.Equal(77, reset.ExitCode);
        Assert.Contains("unknown or revoked token", reset.StandardError);
        Assert.Equal(before, await host.ServicePidAsync("www"));
    }

    [Fact]
    public async Task An_unpinned_certificate_is_refused_without_a_terminal_naming_its_fingerprint_and_a_changed_one_is_refused_loudly()
    {
        var (host, home, tokenFile) = await StartAsync();
        await using var _ = host;
        var before = await host.ServicePidAsync("www");

        var unpinned = await RemoteAsync(home, "reset", $"127.0.0.1:{host.AdminPort}", "--token-file", tokenFile);

        Assert.Equal(76, unpinned.ExitCode);
        var fingerprint = (await CommandResult.RunAsync("openssl", ["x509", "-in", Path.Combine(host.Root, "config", "admin", "admin.pem"), "-noout", "-fingerprint", "-sha256"]))
            .StandardOutput.Trim().Split('=')[1];
        Assert.Contains(fingerprint, unpinned.StandardError);
        Assert.Contains("--accept-new-host", unpinned.StandardError);
        Assert.False(File.Exists(KnownHosts(home)));
        Assert.Equal(before, await host.ServicePidAsync("www"));

        // Pin it, then give the host another certificate: the admin service reloads it within a second.
        Assert.Equal(0, (await RemoteAsync(home, "config", "status", "--computer", $"127.0.0.1:{host.AdminPort}", "--token-file", tokenFile, "--accept-new-host")).ExitCode);
        TestCertificates.WritePem(TestCertificates.SelfSigned("localhost"),
            Path.Combine(host.Root, "config", "admin", "admin.pem"), Path.Combine(host.Root, "config", "admin", "admin.key"));
        CommandResult changed;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        do changed = await RemoteAsync(home, "reset", $"127.0.0.1:{host.AdminPort}", "--token-file", tokenFile, "--accept-new-host");
        while (changed.ExitCode == 0 && DateTime.UtcNow < deadline);

        Assert.Equal(76, changed.ExitCode);
        Assert.Contains("HAS CHANGED", changed.StandardError);
    }

    [Fact]
    public async Task Disable_is_refused_remotely_and_a_read_token_may_read_but_not_change()
    {
        var (host, home, tokenFile) = await StartAsync(role: "read");
        await using var _ = host;
        var at = $"127.0.0.1:{host.AdminPort}";

        var disable = await RemoteAsync(home, "reset", at, "/disable", "--token-file", tokenFile, "--accept-new-host");
        var show = await RemoteAsync(home, "config", "show", "/sites/0/name", "--computer", at, "--token-file", tokenFile, "--accept-new-host");
        var restart = await RemoteAsync(home, "reset", at, "--token-file", tokenFile);

        Assert.Equal(64, disable.ExitCode);
        Assert.Contains("refused remotely", disable.StandardError);
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Equal("\"Default Web Site\"", show.StandardOutput.Trim());
        Assert.Equal(77, restart.ExitCode);
        Assert.Contains("read role", restart.StandardError);
    }
}
