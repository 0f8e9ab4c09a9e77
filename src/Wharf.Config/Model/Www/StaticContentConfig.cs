namespace Wharf.Config.Model;

/// <summary>IIS's &lt;staticContent&gt;: which files are served, as what, and how long clients may keep them.</summary>
public sealed record StaticContentConfig
{
    /// <summary>Added to (or overriding) the built-in map of extensions to MIME types.</summary>
    public IReadOnlyList<MimeMapConfig> MimeMap { get; init; } = [];

    /// <summary>
    /// Off, as in IIS: a file whose extension is not in the map is refused with 404.3, so a
    /// stray <c>web.config</c> or <c>.env</c> is never served. On: served as application/octet-stream.
    /// </summary>
    public bool AllowUnknownFileTypes { get; init; }

    /// <summary>Sent as Cache-Control: max-age when set (IIS's clientCache UseMaxAge).</summary>
    public TimeSpan? ClientCacheMaxAge { get; init; }
}

public sealed record MimeMapConfig
{
    /// <summary>With its dot: ".webmanifest".</summary>
    public required string FileExtension { get; init; }

    public required string MimeType { get; init; }
}

/// <summary>IIS's urlCompression/httpCompression for static files: gzip and Brotli, chosen by Accept-Encoding.</summary>
public sealed record CompressionConfig
{
    /// <summary>On, as IIS 7+'s doStaticCompression.</summary>
    public bool Static { get; init; } = true;

    /// <summary>Smaller files are sent as they are (IIS 7.5's minFileSizeForComp).</summary>
    public long MinFileSize { get; init; } = 2700;

    /// <summary>Types worth compressing; "text/*" matches every text type.</summary>
    public IReadOnlyList<string> MimeTypes { get; init; } =
    [
        "text/*", "application/javascript", "application/json", "application/xml", "application/wasm",
        "application/manifest+json", "image/svg+xml",
    ];
}

/// <summary>One custom error page: the file sent, with the original status, for that status code.</summary>
public sealed record HttpErrorConfig
{
    public required int StatusCode { get; init; }

    /// <summary>A file, absolute or relative to the site's physical path.</summary>
    public required string Path { get; init; }
}

public sealed record HeaderConfig
{
    public required string Name { get; init; }

    public required string Value { get; init; }
}
