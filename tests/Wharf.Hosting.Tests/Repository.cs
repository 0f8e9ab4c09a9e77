namespace Wharf.Hosting.Tests;

/// <summary>The repository's own files, found from the test assembly by walking up to Wharf.slnx.</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Wharf.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"no Wharf.slnx above {AppContext.BaseDirectory}");
    }
}
