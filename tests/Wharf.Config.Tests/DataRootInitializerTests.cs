namespace Wharf.Config.Tests;

public sealed class DataRootInitializerTests
{
    [Fact]
    public void Creates_the_IIS_layout()
    {
        using var folder = new TempFolder();

        DataRootInitializer.EnsureLayout(new DataRoot(folder.Path));

        string[] expected =
        [
            "config", "config/admin", "config/backups", "config/certs", "config/history", "ftproot", "logs",
            "mailroot", "mailroot/Badmail", "mailroot/Drop", "mailroot/Pickup", "mailroot/Queue",
            "nntpfile", "run", "state", "state/admin", "wwwroot",
        ];
        var actual = Directory.GetDirectories(folder.Path, "*", SearchOption.AllDirectories)
            .Select(d => Path.GetRelativePath(folder.Path, d)).Order(StringComparer.Ordinal);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void The_certificates_folder_is_private_to_its_owner()
    {
        using var folder = new TempFolder();
        var root = new DataRoot(folder.Path);

        DataRootInitializer.EnsureLayout(root);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(root.CertsFolder));
    }

    [Fact]
    public void Writes_a_valid_default_configuration_a_welcome_page_and_the_schema()
    {
        using var folder = new TempFolder();
        var root = new DataRoot(folder.Path);

        Assert.True(DataRootInitializer.EnsureLayout(root));

        var loaded = ConfigReader.Load(root.ConfigFile);
        Assert.True(loaded.IsValid, string.Join("\n", loaded.Errors));
        Assert.Equal(ConfigWriter.Serialize(DefaultConfig.Create()), File.ReadAllText(root.ConfigFile));
        Assert.Equal(ConfigSchema.Shipped(), File.ReadAllText(root.SchemaFile));
        Assert.Equal(Path.Combine(root.ConfigFolder, loaded.Config!.Schema!), root.SchemaFile);

        var page = File.ReadAllText(Path.Combine(root.WwwRoot, "index.html"));
        Assert.Contains("this is the Default Web Site", page, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(root.WwwRoot, page);
        Assert.Contains("wharf config", page);
        Assert.Empty(Directory.GetFiles(root.ConfigFolder, "*.tmp-*"));
    }

    [Fact]
    public void Never_overwrites_an_existing_configuration()
    {
        using var folder = new TempFolder();
        var root = new DataRoot(folder.Path);
        Directory.CreateDirectory(root.ConfigFolder);
        File.WriteAllText(root.ConfigFile, "{ \"version\": 9 } // mine");

        Assert.False(DataRootInitializer.EnsureLayout(root));

        Assert.Equal("{ \"version\": 9 } // mine", File.ReadAllText(root.ConfigFile));
        Assert.False(File.Exists(Path.Combine(root.WwwRoot, "index.html")));
    }

    [Fact]
    public void A_second_call_changes_nothing()
    {
        using var folder = new TempFolder();
        var root = new DataRoot(folder.Path);
        DataRootInitializer.EnsureLayout(root);
        File.WriteAllText(Path.Combine(root.WwwRoot, "index.html"), "my page");
        var config = File.ReadAllText(root.ConfigFile);

        Assert.False(DataRootInitializer.EnsureLayout(root));

        Assert.Equal(config, File.ReadAllText(root.ConfigFile));
        Assert.Equal("my page", File.ReadAllText(Path.Combine(root.WwwRoot, "index.html")));
    }

    [Theory]
    [InlineData("index.html")]
    [InlineData("default.htm")]
    public void Never_overwrites_or_shadows_an_existing_page(string existing)
    {
        using var folder = new TempFolder();
        var root = new DataRoot(folder.Path);
        Directory.CreateDirectory(root.WwwRoot);
        File.WriteAllText(Path.Combine(root.WwwRoot, existing), "my page");

        Assert.True(DataRootInitializer.EnsureLayout(root));

        Assert.Equal("my page", File.ReadAllText(Path.Combine(root.WwwRoot, existing)));
        Assert.Equal([existing], Directory.GetFiles(root.WwwRoot).Select(Path.GetFileName));
    }

    [Fact]
    public void A_stale_schema_is_refreshed()
    {
        using var folder = new TempFolder();
        var root = new DataRoot(folder.Path);
        Directory.CreateDirectory(root.ConfigFolder);
        File.WriteAllText(root.SchemaFile, "{}");

        DataRootInitializer.EnsureLayout(root);

        Assert.Equal(ConfigSchema.Shipped(), File.ReadAllText(root.SchemaFile));
    }
}
