using Wharf.TestKit;

namespace Wharf.Supervisor.Tests;

// Runs as root, as CI does: only root can give files away.
public sealed class PathOwnershipTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("wharf-own-").FullName;

    private const string NeedsRoot = "only root can give files away (lchown to another user)";

    [SkippableFact]
    public void A_path_another_service_owns_inside_this_one_is_left_alone_and_that_service_gets_it()
    {
        Skip.IfNot(Privileges.IsRoot, NeedsRoot);
        var config = Path.Combine(_root, "config");
        var certs = Path.Combine(config, "certs");
        Directory.CreateDirectory(certs);
        File.WriteAllText(Path.Combine(config, "wharf.json"), "{}");
        File.WriteAllText(Path.Combine(certs, "site.key"), "key");

        Assert.Null(PathOwnership.GiveTo([config], "nobody", ownedByOthers: [certs, Path.Combine(_root, "elsewhere")]));
        Assert.Equal(("nobody", "nobody", "root", "root"),
            (Owner(config), Owner(Path.Combine(config, "wharf.json")), Owner(certs), Owner(Path.Combine(certs, "site.key"))));

        // The other service, whose path is not inside anything of its own that the first owns.
        Assert.Null(PathOwnership.GiveTo([certs], "daemon", ownedByOthers: [config]));
        Assert.Equal(("nobody", "daemon", "daemon"), (Owner(config), Owner(certs), Owner(Path.Combine(certs, "site.key"))));
    }

    [SkippableFact]
    public void A_link_planted_in_an_owned_folder_does_not_hand_its_target_over()
    {
        Skip.IfNot(Privileges.IsRoot, NeedsRoot);
        var config = Path.Combine(_root, "config");
        var outside = Path.Combine(_root, "outside");
        Directory.CreateDirectory(Path.Combine(config, "history"));
        Directory.CreateDirectory(Path.Combine(outside, "secret"));
        File.WriteAllText(Path.Combine(outside, "secret", "file"), "root's");
        Directory.CreateSymbolicLink(Path.Combine(config, "history", "link"), outside);
        File.CreateSymbolicLink(Path.Combine(config, "file-link"), Path.Combine(outside, "secret", "file"));

        Assert.Null(PathOwnership.GiveTo([config], "nobody"));

        Assert.Equal(("nobody", "nobody"), (Owner(config), Owner(Path.Combine(config, "history"))));
        Assert.Equal(("root", "root", "root"),
            (Owner(outside), Owner(Path.Combine(outside, "secret")), Owner(Path.Combine(outside, "secret", "file"))));
    }

    [Fact]
    public void What_is_given_is_closed_to_others_and_a_folder_holding_another_services_path_can_only_be_passed_through()
    {
        var config = Path.Combine(_root, "config");
        var history = Path.Combine(config, "history");
        Directory.CreateDirectory(history);
        File.WriteAllText(Path.Combine(config, "wharf.json"), "{}");
        File.SetUnixFileMode(Path.Combine(config, "wharf.json"), (UnixFileMode)0b110_110_110);
        File.SetUnixFileMode(history, (UnixFileMode)0b111_111_111);
        var audit = Path.Combine(_root, "audit.log");
        File.WriteAllText(audit, "");
        File.SetUnixFileMode(audit, (UnixFileMode)0b110_100_100);

        var certs = Path.Combine(config, "certs");
        Directory.CreateDirectory(certs);
        File.SetUnixFileMode(certs, (UnixFileMode)0b111_101_101);

        Assert.Null(PathOwnership.GiveTo([config, audit], "nobody", ownedByOthers: [certs]));
        Assert.Null(PathOwnership.GiveTo([certs], "daemon", ownedByOthers: [config]));

        Assert.Equal("711", Mode(config));
        Assert.Equal("750", Mode(certs));
        Assert.Equal("640", Mode(Path.Combine(config, "wharf.json")));
        Assert.Equal("750", Mode(history));
        Assert.Equal("640", Mode(audit));
    }

    private static string Mode(string path) => Convert.ToString((int)File.GetUnixFileMode(path), 8);

    private static string Owner(string path) =>
        System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%U", path]) { RedirectStandardOutput = true })!
            .StandardOutput.ReadToEnd().Trim();

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
