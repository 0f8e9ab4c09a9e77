using Wharf.Config;
using Wharf.Config.Model;
using Wharf.Hosting;

namespace Wharf.Supervisor.Tests;

// Runs as root, as CI does: the files are given to a group.
public sealed class ConfigViewWriterTests : IDisposable
{
    private readonly DataRoot _root = new(Directory.CreateTempSubdirectory("wharf-views-").FullName);

    private static readonly ServiceDefinition Www = new("www", _ => [], () => throw new NotSupportedException(),
        View: c => ConfigViews.Service(c, ServiceNames.Www) with { Sites = c.Sites, ApplicationPools = c.ApplicationPools });

    private static WharfConfig Config(long version) => DefaultConfig.Create() with
    {
        Version = version,
        Services = new ServicesConfig
        {
            [ServiceNames.Admin] = new ServiceConfig { Recovery = new RecoveryConfig { FirstFailure = RecoveryAction.Run, Program = "/secret", RunAs = "oncall" } },
        },
    };

    [Fact]
    public void A_view_holds_the_common_part_and_what_the_definition_picks_and_nothing_of_another_service()
    {
        var path = ConfigViewWriter.Write(_root, Www, Config(7), 7, group: null);

        Assert.Equal(Path.Combine(_root.Path, "run", "views", "www", "wharf.7.json"), path);
        var view = ConfigReader.Load(path);
        Assert.True(view.IsValid, string.Join("; ", view.Errors));
        Assert.Equal(7, view.Config!.Version);
        Assert.Equal(DefaultConfig.Create().Sites.Count, view.Config.Sites.Count);
        Assert.Equal(new ServiceConfig(), view.Config.Services[ServiceNames.Admin]);
        Assert.DoesNotContain("/secret", File.ReadAllText(path));
        Assert.DoesNotContain("oncall", File.ReadAllText(path));
    }

    [Fact]
    public void Under_root_the_folder_and_files_are_roots_and_readable_by_the_services_group_alone()
    {
        var path = ConfigViewWriter.Write(_root, Www, Config(1), 1, group: 12345);

        Assert.Equal("0:12345 750", Stat(Path.GetDirectoryName(path)!));
        Assert.Equal("0:12345 640", Stat(path));
    }

    [Fact]
    public void Only_the_newest_views_are_kept()
    {
        for (var v = 1; v <= ConfigViewWriter.Kept + 3; v++) ConfigViewWriter.Write(_root, Www, Config(v), v, group: null);

        var left = Directory.EnumerateFiles(ConfigViewFiles.Folder(_root, "www")).Select(Path.GetFileName).Order();
        Assert.Equal(Enumerable.Range(4, ConfigViewWriter.Kept).Select(v => $"wharf.{v}.json").Order(), left);
    }

    private static string Stat(string path) =>
        System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%u:%g %a", path]) { RedirectStandardOutput = true })!
            .StandardOutput.ReadToEnd().Trim();

    public void Dispose() => Directory.Delete(_root.Path, recursive: true);
}
