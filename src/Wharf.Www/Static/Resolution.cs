namespace Wharf.Www.Static;

internal enum ResolutionKind
{
    File,
    /// <summary>301 to the same path with a slash (IIS's courtesy redirect for a folder).</summary>
    AddSlash,
    /// <summary>A folder without a default document: a listing, or 403.14.</summary>
    Folder,
    NotFound,
    /// <summary>404.3: the extension is not in the MIME map.</summary>
    UnknownType,
    Invalid,
    DoubleEscaped,
    HiddenSegment,
}

/// <summary>Where a request path leads within a site: what it is, the mount it went through, and the file or folder.</summary>
internal readonly record struct Resolution(ResolutionKind Kind, Mount Mount, UrlEntry? File = null, string? Folder = null, string? RealRoot = null);
