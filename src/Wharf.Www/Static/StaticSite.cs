using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Wharf.Config;
using Wharf.Config.Model;

namespace Wharf.Www.Static;

/// <summary>
/// One site's static content, built once per configuration snapshot: its URL space
/// (applications and virtual directories), default documents, directory browsing, MIME map,
/// compression, cache headers, custom headers and error pages. A hot URL is one dictionary
/// lookup here and one in the <see cref="FileCache"/>; everything else is worked out on a miss
/// and kept for the next request.
/// </summary>
internal sealed partial class StaticSite
{
    // URLs kept per site; beyond this, misses are resolved each time (case variants of one path are distinct keys).
    private const int MaxUrls = 16_384;

    private readonly ConcurrentDictionary<string, UrlEntry> _urls = new(StringComparer.Ordinal);
    private readonly KeyValuePair<string, StringValues>[] _customHeaders;

    private StaticSite(SiteConfig site, VirtualPathMap map, MimeMap mime, SiteErrorPages errors, FileCache files, ILogger log)
    {
        Name = site.Name;
        Log = log;
        Map = map;
        Mime = mime;
        Errors = errors;
        Files = files;
        DefaultDocuments = [.. site.DefaultDocuments];
        DirectoryBrowsing = site.DirectoryBrowsing;
        CompressionTypes = site.Compression.Static ? [.. site.Compression.MimeTypes] : [];
        MinCompressSize = site.Compression.MinFileSize;
        CacheControl = site.StaticContent.ClientCacheMaxAge is { } maxAge
            ? "max-age=" + ((long)maxAge.TotalSeconds).ToString(CultureInfo.InvariantCulture)
            : StringValues.Empty;
        _customHeaders = [.. site.CustomHeaders.Select(h => new KeyValuePair<string, StringValues>(h.Name, h.Value))];
        CustomHeaders = [.. site.CustomHeaders.Select(h => new KeyValuePair<string, string>(h.Name, h.Value))];
    }

    /// <summary>The site's custom headers as the forwarding lane writes them.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> CustomHeaders { get; }

    public string Name { get; }
    public ILogger Log { get; }
    public VirtualPathMap Map { get; }
    public MimeMap Mime { get; }
    public SiteErrorPages Errors { get; }
    public FileCache Files { get; }
    public string[] DefaultDocuments { get; }
    public bool DirectoryBrowsing { get; }
    public string[] CompressionTypes { get; }
    public long MinCompressSize { get; }
    public StringValues CacheControl { get; }

    public static StaticSite Build(SiteConfig site, DataRoot root, IContentTypeProvider? builtInTypes, ILogger log, FileCache? files = null)
    {
        var map = VirtualPathMap.Build(site, root);
        foreach (var mount in map.Mounts)
            if (mount.UrlPath != "/" && !Directory.Exists(mount.PhysicalPath))
                WwwLog.MountPathMissing(log, site.Name, mount.UrlPath, mount.PhysicalPath);
        var mime = MimeMap.Build(site.StaticContent, MimeMap.BuiltIn(builtInTypes));
        files ??= FileCache.Shared;
        var errors = SiteErrorPages.Build(site, root.Resolve(site.PhysicalPath), mime, files);
        foreach (var (status, page) in errors.Pages)
            if (!File.Exists(page)) WwwLog.ErrorPageMissing(log, site.Name, status, page);
        return new StaticSite(site, map, mime, errors, files, log);
    }

    /// <summary>The site's request pipeline.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        if (_customHeaders.Length != 0) AddCustomHeaders(context.Response.Headers);
        var path = context.Request.Path.Value ?? "/";
        if (_urls.TryGetValue(path, out var url))
        {
            ResponseMarks.SetApplication(context, url.Mount.Application);
            var now = Environment.TickCount64;
            if (now - Volatile.Read(ref url.CheckedAt) < FileCache.RecheckMilliseconds || StillValid(path, url, now))
            {
                var version = Files.Get(url.RealPath, now);
                if (version is not null) return FileResponder.ServeAsync(context, this, url, version);
            }
            _urls.TryRemove(new KeyValuePair<string, UrlEntry>(path, url));
        }
        return ResolveAndServeAsync(context, path);
    }

    internal void AddCustomHeaders(IHeaderDictionary headers)
    {
        foreach (var (name, value) in _customHeaders) headers[name] = value;
    }

    /// <summary>Once a second per URL: the path may now lead elsewhere (a new default document, a link changed, a folder replaced).</summary>
    private bool StillValid(string path, UrlEntry url, long now)
    {
        var checkedAt = Volatile.Read(ref url.CheckedAt);
        if (Interlocked.CompareExchange(ref url.CheckedAt, now, checkedAt) != checkedAt) return true;
        var fresh = Resolve(path, now);
        return fresh.Kind == ResolutionKind.File && fresh.File!.SameAs(url);
    }

    private async Task ResolveAndServeAsync(HttpContext context, string path)
    {
        try
        {
            await ResolveAndServeCoreAsync(context, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && !context.RequestAborted.IsCancellationRequested)
        {
            await FailAsync(context, path, e);
        }
    }

    /// <summary>A file that could not be read is the site's 500 (its custom page if it has one), or a cut connection once the answer has begun.</summary>
    internal Task FailAsync(HttpContext context, string path, Exception e)
    {
        WwwLog.StaticFileFailed(Log, Name, path, e.Message);
        return Errors.SendAsync(context, StatusCodes.Status500InternalServerError);
    }

    private async Task ResolveAndServeCoreAsync(HttpContext context, string path)
    {
        var now = Environment.TickCount64;
        var found = Resolve(path, now);
        ResponseMarks.SetApplication(context, found.Mount.Application);
        switch (found.Kind)
        {
            case ResolutionKind.Invalid:
                await Errors.SendAsync(context, StatusCodes.Status400BadRequest);
                return;
            case ResolutionKind.DoubleEscaped:
                await Errors.SendAsync(context, StatusCodes.Status404NotFound, 11);
                return;
            case ResolutionKind.HiddenSegment:
                await Errors.SendAsync(context, StatusCodes.Status404NotFound, 8);
                return;
            case ResolutionKind.NotFound:
                await Errors.SendAsync(context, StatusCodes.Status404NotFound);
                return;
            case ResolutionKind.UnknownType:
                await Errors.SendAsync(context, StatusCodes.Status404NotFound, 3);
                return;
            case ResolutionKind.AddSlash:
                // As IIS: the folder's URL with a slash, so relative links in its default document resolve.
                context.Response.StatusCode = StatusCodes.Status301MovedPermanently;
                context.Response.Headers.Location = context.Request.PathBase + context.Request.Path.ToUriComponent() + "/" + context.Request.QueryString;
                return;
        }
        if (!FileResponder.IsGetOrHead(context.Request.Method))
        {
            await FileResponder.MethodNotAllowedAsync(context, this);
            return;
        }
        if (found.Kind == ResolutionKind.Folder)
        {
            if (DirectoryBrowsing) await DirectoryListing.SendAsync(context, found.Folder!, found.RealRoot!);
            else await Errors.SendAsync(context, StatusCodes.Status403Forbidden, 14);
            return;
        }

        var url = found.File!;
        var version = Files.Get(url.RealPath, now);
        if (version is null)
        {
            await Errors.SendAsync(context, StatusCodes.Status404NotFound);
            return;
        }
        if (_urls.Count < MaxUrls) _urls[path] = url;
        await FileResponder.ServeAsync(context, this, url, version);
    }
}
