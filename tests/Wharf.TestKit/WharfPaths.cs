namespace Wharf.TestKit;

/// <summary>Where the `wharf` executable under test is: WHARF_EXE, else the build beside these tests.</summary>
public static class WharfPaths
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Executable { get; } = ReachableByServices(FindExecutable());

    /// <summary>
    /// As root, the services run as accounts of their own and must be able to execute the build.
    /// A clone in a folder they cannot enter (CI's, at a path nobody chose) is copied once per
    /// test run to a folder they can; the product itself refuses such a build, naming the folder.
    /// </summary>
    private static string ReachableByServices(string executable)
    {
        var folder = Path.GetDirectoryName(executable)!;
        if (Environment.UserName != "root" || SearchableByAll(folder)) return executable;
        var copy = Directory.CreateTempSubdirectory("wharf-build-").FullName;
        File.SetUnixFileMode(copy, (UnixFileMode)0b111_101_101);
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(folder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
            File.SetUnixFileMode(target, File.GetUnixFileMode(target) | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        foreach (var sub in Directory.EnumerateDirectories(copy, "*", SearchOption.AllDirectories))
            File.SetUnixFileMode(sub, (UnixFileMode)0b111_101_101);
        return Path.Combine(copy, Path.GetFileName(executable));
    }

    private static bool SearchableByAll(string folder)
    {
        for (var dir = new DirectoryInfo(folder); dir is not null; dir = dir.Parent)
            if (!dir.UnixFileMode.HasFlag(UnixFileMode.OtherExecute)) return false;
        return true;
    }

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
