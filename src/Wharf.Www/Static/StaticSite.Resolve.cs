namespace Wharf.Www.Static;

internal sealed partial class StaticSite
{
    /// <summary>
    /// Where a request path leads: checked (<see cref="UrlPathGuard"/>), mapped through the
    /// longest matching application or virtual directory, then resolved on disk with every
    /// symbolic link followed; a real path outside the mount's real folder is not found, as if
    /// there were nothing there. The mount's folder is resolved each time too, so that a site
    /// deployed by switching a link ("current" to "releases/5") is followed.
    /// </summary>
    internal Resolution Resolve(string path, long now)
    {
        var mount = Map.Find(path, out var rest);
        switch (UrlPathGuard.Check(path))
        {
            case PathVerdict.Invalid: return new Resolution(ResolutionKind.Invalid, mount);
            case PathVerdict.DoubleEscaped: return new Resolution(ResolutionKind.DoubleEscaped, mount);
            case PathVerdict.HiddenSegment: return new Resolution(ResolutionKind.HiddenSegment, mount);
        }

        var realRoot = RealPath.Of(mount.PhysicalPath);
        if (realRoot is null) return new Resolution(ResolutionKind.NotFound, mount);
        var mapped = rest.Length == 0 ? mount.PhysicalPath : mount.PhysicalPath.TrimEnd('/') + rest;
        var real = RealPath.Of(mapped);
        if (real is null || !RealPath.IsInside(real, realRoot)) return new Resolution(ResolutionKind.NotFound, mount);

        if (Directory.Exists(real))
        {
            if (!path.EndsWith('/')) return new Resolution(ResolutionKind.AddSlash, mount);
            foreach (var document in DefaultDocuments)
            {
                var candidate = RealPath.Of(Path.Join(real, document));
                if (candidate is not null && RealPath.IsInside(candidate, realRoot) && File.Exists(candidate))
                    return FileAt(mount, candidate, document, now);
            }
            return new Resolution(ResolutionKind.Folder, mount, Folder: real, RealRoot: realRoot);
        }
        // "/file.txt/" names a folder that is not there.
        if (path.EndsWith('/') || !File.Exists(real)) return new Resolution(ResolutionKind.NotFound, mount);
        return FileAt(mount, real, mapped, now);
    }

    // The type comes from the name that was asked for (the URL's, or the default document's), as in IIS, not the link's target.
    private Resolution FileAt(Mount mount, string real, string requestedName, long now)
    {
        var type = Mime.TypeOf(requestedName);
        if (type is null) return new Resolution(ResolutionKind.UnknownType, mount);
        return new Resolution(ResolutionKind.File, mount, new UrlEntry(mount, real, type, IsCompressible(type), now));
    }

    private bool IsCompressible(string type)
    {
        foreach (var pattern in CompressionTypes)
        {
            if (pattern.EndsWith("/*", StringComparison.Ordinal)
                ? type.StartsWith(pattern.AsSpan(0, pattern.Length - 1), StringComparison.OrdinalIgnoreCase)
                : type.Equals(pattern, StringComparison.OrdinalIgnoreCase))
                return true;
        }
        return false;
    }
}
