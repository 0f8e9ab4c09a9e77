namespace Wharf.Supervisor.Tests;

// Runs as root, as CI does: only root can give files away.
public sealed class PathOwnershipTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("wharf-own-").FullName;

    [Fact]
    public void A_path_another_service_owns_inside_this_one_is_left_alone_and_that_service_gets_it()
    {
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

    private static string Owner(string path) =>
        System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%U", path]) { RedirectStandardOutput = true })!
            .StandardOutput.ReadToEnd().Trim();

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
