namespace Wharf.Hosting;

/// <summary>Where the supervisor writes each service's view of the configuration: run/views/NAME/wharf.N.json.</summary>
public static class ConfigViewFiles
{
    public static string Folder(Config.DataRoot root, string service) => Path.Combine(root.RunFolder, "views", service);

    public static string Name(long version) => $"wharf.{version}.json";

    /// <summary>The version a view file holds, from its name; null for anything else in the folder.</summary>
    public static long? Version(string fileName) =>
        fileName.StartsWith("wharf.", StringComparison.Ordinal) && fileName.EndsWith(".json", StringComparison.Ordinal)
        && long.TryParse(fileName.AsSpan(6, fileName.Length - 11), out var v) ? v : null;
}
