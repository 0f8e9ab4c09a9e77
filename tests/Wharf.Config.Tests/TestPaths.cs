namespace Wharf.Config.Tests;

/// <summary>Where the repository's files are, found from the test assembly by walking up to Wharf.slnx.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string GoldenFolder => Path.Combine(RepoRoot, "tests", "Wharf.Config.Tests", "Golden");

    public static string SchemaFile => Path.Combine(RepoRoot, "schema", ConfigSchema.FileName);

    private static string FindRepoRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Wharf.slnx"))) return folder.FullName;
        }
        throw new InvalidOperationException($"no Wharf.slnx above {AppContext.BaseDirectory}");
    }
}

/// <summary>A fresh folder under /tmp, removed afterwards. Short, because data roots hold Unix sockets.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "wc-" + Guid.NewGuid().ToString("N")[..10]);

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
