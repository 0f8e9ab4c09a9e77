using Wharf.Config.Model;

namespace Wharf.Config.Tests;

public sealed class ConfigWriterTests
{
    [Fact]
    public void Serialize_then_parse_gives_the_same_configuration()
    {
        var config = DefaultConfig.Create() with
        {
            Version = 42,
            Services = new ServicesConfig
            {
                [ServiceNames.Www] = new ServiceConfig
                {
                    PingInterval = TimeSpan.FromSeconds(7),
                    Recovery = new RecoveryConfig { SubsequentFailures = RecoveryAction.Run, Program = "/usr/local/bin/page >> /var/log/pages", RunAs = "oncall", ResetFailCountAfter = TimeSpan.FromHours(29) },
                },
            },
            Sites =
            [
                .. DefaultConfig.Create().Sites,
                new SiteConfig
                {
                    Id = 2, Name = "Café", PhysicalPath = "/srv/café", State = SiteState.Stopped,
                    Bindings = [new BindingConfig { Address = "::1", Port = 8081, HostName = "cafe.example" }],
                    Applications = [new ApplicationConfig { Path = "/menu", PhysicalPath = "menu", VirtualDirectories = [new VirtualDirectoryConfig { Path = "/img", PhysicalPath = "/srv/img" }] }],
                    DefaultDocuments = ["menu.html"],
                },
            ],
        };
        var json = ConfigWriter.Serialize(config);

        var parsed = ConfigReader.Parse(json);

        Assert.True(parsed.IsValid, string.Join("\n", parsed.Errors));
        // The model's lists compare by reference, so equality is that of the canonical JSON (as diffs use).
        Assert.Equal(json, ConfigWriter.Serialize(parsed.Config!));
        Assert.Equal(TimeSpan.FromHours(29), parsed.Config!.Services[ServiceNames.Www].Recovery.ResetFailCountAfter);
        Assert.Equal(WithoutLists(config.Sites[1]), WithoutLists(parsed.Config.Sites[1]));
    }

    private static SiteConfig WithoutLists(SiteConfig site) => site with
    {
        Bindings = [],
        Applications = [],
        DefaultDocuments = [],
        VirtualDirectories = [],
        HttpErrors = [],
        CustomHeaders = [],
        StaticContent = site.StaticContent with { MimeMap = [] },
        Compression = site.Compression with { MimeTypes = [] },
        LogFile = site.LogFile with { Fields = [] },
    };

    [Fact]
    public void Serialize_writes_camel_case_names_enum_strings_timespans_and_a_final_newline()
    {
        var json = ConfigWriter.Serialize(DefaultConfig.Create());

        Assert.EndsWith("}\n", json);
        Assert.DoesNotContain("\r", json);
        Assert.Contains("\n  \"maxHistoryFiles\": 10,\n", json);
        Assert.Contains("\"protocol\": \"http\"", json);
        Assert.Contains("\"resetFailCountAfter\": \"1.00:00:00\"", json);
        Assert.DoesNotContain("\"program\"", json); // nulls are left out
    }

    [Fact]
    public void Serialize_keeps_non_ASCII_and_shell_characters_readable()
    {
        var config = DefaultConfig.Create() with
        {
            Sites = [DefaultConfig.Create().Sites[0] with { Name = "Café <&> 'x' + \"y\"" }],
        };

        Assert.Contains("\"name\": \"Café <&> 'x' + \\\"y\\\"\"", ConfigWriter.Serialize(config));
    }

    [Fact]
    public void WriteDurably_creates_the_file_and_leaves_no_temporary_file()
    {
        using var folder = new TempFolder();
        var path = folder.File("wharf.json");

        ConfigWriter.WriteDurably(path, "{}\n");

        Assert.Equal("{}\n", File.ReadAllText(path));
        Assert.Equal(["wharf.json"], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void WriteDurably_replaces_the_file_atomically()
    {
        using var folder = new TempFolder();
        var path = folder.File("wharf.json");
        File.WriteAllText(path, "old");
        using var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

        ConfigWriter.WriteDurably(path, "new");

        // Renamed over, not rewritten in place: a reader that opened the old file still reads it whole.
        Assert.Equal("old", new StreamReader(reader).ReadToEnd());
        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal(["wharf.json"], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void WriteDurably_keeps_the_permissions_of_the_file_it_replaces()
    {
        using var folder = new TempFolder();
        var path = folder.File("wharf.json");
        File.WriteAllText(path, "old");
        const UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        File.SetUnixFileMode(path, mode);

        ConfigWriter.WriteDurably(path, "new");

        Assert.Equal(mode, File.GetUnixFileMode(path));
    }

    [Fact]
    public void WriteDurably_into_a_missing_folder_throws_and_leaves_nothing()
    {
        using var folder = new TempFolder();

        Assert.ThrowsAny<IOException>(() => ConfigWriter.WriteDurably(folder.File("no/wharf.json"), "{}"));
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    public void TryCreateDurably_never_replaces_an_existing_file()
    {
        using var folder = new TempFolder();
        var path = folder.File("wharf.json");
        File.WriteAllText(path, "mine");

        Assert.False(ConfigWriter.TryCreateDurably(path, "default"));
        Assert.Equal("mine", File.ReadAllText(path));
        Assert.Equal(["wharf.json"], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
    }
}
