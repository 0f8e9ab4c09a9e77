using Microsoft.Extensions.Primitives;

namespace Wharf.Www.Static;

/// <summary>
/// What a site's URL was last found to be: a file (perhaps a folder's default document) at a
/// real path, with the site's type for it. Kept per site and snapshot, so that a hot URL skips
/// the mapping and the path checks; looked at again at most once a second.
/// </summary>
internal sealed class UrlEntry(Mount mount, string realPath, string contentType, bool compressible, long checkedAt)
{
    public Mount Mount { get; } = mount;

    public string RealPath { get; } = realPath;

    public StringValues ContentType { get; } = contentType;

    /// <summary>The site compresses this type (compression.mimeTypes); size decides per version.</summary>
    public bool Compressible { get; } = compressible;

    public long CheckedAt = checkedAt;

    public bool SameAs(UrlEntry other) =>
        RealPath == other.RealPath && ContentType == other.ContentType && ReferenceEquals(Mount, other.Mount);
}
