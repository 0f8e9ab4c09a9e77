namespace Wharf.Www.Static;

/// <summary>
/// An application of a site as the running service holds it: its URL path ("/" for the root
/// application), its pool and its folder. Set on each request mapped into it (a request
/// feature), so that the application pools can take over what is not static content.
/// </summary>
internal sealed class SiteApplication(string path, string applicationPool, string physicalPath)
{
    public string Path { get; } = path;

    public string ApplicationPool { get; } = applicationPool;

    /// <summary>Resolved against the data root.</summary>
    public string PhysicalPath { get; } = physicalPath;

    public override string ToString() => $"{Path} ({ApplicationPool})";
}
