namespace Wharf.TestKit;

/// <summary>Where the `wharf` executable under test is: WHARF_EXE, else the build beside these tests.</summary>
public static class WharfPaths
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Executable { get; } = FindExecutable();

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Wharf.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"no Wharf.slnx above {AppContext.BaseDirectory}");
    }

    private static string FindExecutable()
    {
        if (Environment.GetEnvironmentVariable("WHARF_EXE") is { Length: > 0 } exe) return Path.GetFullPath(exe);
        // The tests were built in some configuration; the executable was built in the same one.
        var configuration = AppContext.BaseDirectory.Contains("/bin/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var path = Path.Combine(RepositoryRoot, "src", "Wharf", "bin", configuration, "net10.0", "linux-x64", "wharf");
        if (!File.Exists(path))
            throw new FileNotFoundException($"the wharf executable is not built at {path}; run `dotnet build -c {configuration}` first or set WHARF_EXE", path);
        return path;
    }
}
