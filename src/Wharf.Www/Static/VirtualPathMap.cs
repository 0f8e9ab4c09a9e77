using Wharf.Config;
using Wharf.Config.Model;

namespace Wharf.Www.Static;

/// <summary>One URL path prefix served from one folder: the site's root, an application, or a virtual directory.</summary>
internal sealed class Mount(string urlPath, string physicalPath, SiteApplication application)
{
    /// <summary>"/" or "/app/images": no trailing slash except for the root.</summary>
    public string UrlPath { get; } = urlPath;

    public string PhysicalPath { get; } = physicalPath;

    public SiteApplication Application { get; } = application;
}

/// <summary>
/// A site's URL space as IIS 7 lays it out: the root application (the site's own folder and its
/// virtual directories), then each application with its folder and virtual directories. A
/// request goes to the longest URL path prefix that matches whole segments, ignoring case as
/// IIS does; what follows the prefix is a path below that prefix's folder.
/// </summary>
internal sealed class VirtualPathMap
{
    // Longest first, so the first match is the most specific.
    private readonly Mount[] _mounts;

    private VirtualPathMap(Mount[] mounts) => _mounts = mounts;

    public IReadOnlyList<Mount> Mounts => _mounts;

    public static VirtualPathMap Build(SiteConfig site, DataRoot root)
    {
        var mounts = new List<Mount>();
        var rootApplication = new SiteApplication("/", site.ApplicationPool, root.Resolve(site.PhysicalPath));
        mounts.Add(new Mount("/", rootApplication.PhysicalPath, rootApplication));
        foreach (var directory in site.VirtualDirectories)
            mounts.Add(new Mount(directory.Path, root.Resolve(directory.PhysicalPath), rootApplication));

        foreach (var app in site.Applications)
        {
            var application = new SiteApplication(app.Path, app.ApplicationPool, root.Resolve(app.PhysicalPath));
            mounts.Add(new Mount(app.Path, application.PhysicalPath, application));
            foreach (var directory in app.VirtualDirectories)
                mounts.Add(new Mount(app.Path + directory.Path, root.Resolve(directory.PhysicalPath), application));
        }
        // Stable: of two equal paths (a root virtual directory "/a/b" and application "/a"'s "/b"), the application's
        // comes later in the list and so loses; the validator keeps each list unique, not the two together.
        return new VirtualPathMap([.. mounts.OrderByDescending(m => m.UrlPath.Length)]);
    }

    /// <summary>The mount of <paramref name="path"/> and the rest of the path below it ("" or "/x/y").</summary>
    public Mount Find(string path, out string rest)
    {
        foreach (var mount in _mounts)
        {
            var prefix = mount.UrlPath;
            if (prefix.Length == 1)
            {
                rest = path;
                return mount;
            }
            if (path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && (path.Length == prefix.Length || path[prefix.Length] == '/'))
            {
                rest = path[prefix.Length..];
                return mount;
            }
        }
        // The root mount is always there and matches everything.
        throw new InvalidOperationException("no root mount");
    }
}
