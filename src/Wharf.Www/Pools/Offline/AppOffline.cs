using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;

namespace Wharf.Www.Pools.Offline;

/// <summary>
/// app_offline.htm: while the file is in an application's folder, the application's requests get
/// its content with 503, and the application's pool is reported offline so its workers stop.
/// This is the request path's side: one dictionary lookup, no file system access per request
/// (<see cref="AppOfflineWatch"/> reads the files when they change and publishes them here).
/// </summary>
internal sealed class AppOffline
{
    /// <summary>As ANCM spells it; on Linux the name is matched exactly, case included.</summary>
    public const string FileName = "app_offline.htm";

    /// <summary>The most of the file that is served: the page is a notice, not content.</summary>
    public const int MaxBytes = 1024 * 1024;

    private volatile FrozenDictionary<string, OfflinePage> _pages = FrozenDictionary<string, OfflinePage>.Empty;

    /// <summary>Folders (as <see cref="Key"/> gives them) that hold the file now.</summary>
    internal IReadOnlyCollection<string> Folders => _pages.Keys;

    /// <summary>Serves the page with 503 and returns true when the application at <paramref name="applicationPhysicalPath"/> is offline.</summary>
    public Task<bool> TryServeAsync(HttpContext context, string applicationPhysicalPath)
    {
        var pages = _pages;
        if (pages.Count == 0 || !pages.TryGetValue(Key(applicationPhysicalPath), out var page)) return Task.FromResult(false);
        return ServeAsync(context, page);
    }

    internal bool TryGet(string applicationPhysicalPath, out OfflinePage? page) =>
        _pages.TryGetValue(Key(applicationPhysicalPath), out page);

    /// <summary>Replaces the whole set at once, so a request sees one state or the other.</summary>
    internal void Publish(IReadOnlyDictionary<string, OfflinePage> pages) =>
        _pages = pages.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>A folder's key: its path without a trailing slash, so "/srv/app/" and "/srv/app" are one folder.</summary>
    public static string Key(string folder) => Path.TrimEndingDirectorySeparator(folder);

    private static async Task<bool> ServeAsync(HttpContext context, OfflinePage page)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.ContentType = "text/html";
        // The notice must go as soon as the file does: no cache may keep it.
        response.Headers.CacheControl = "no-store, no-cache, must-revalidate";
        response.Headers.Pragma = "no-cache";
        response.ContentLength = page.Content.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
            await response.Body.WriteAsync(page.Content, context.RequestAborted).ConfigureAwait(false);
        return true;
    }
}

/// <summary>What is served for an offline application: the file's content as it was last read, and where it is.</summary>
internal sealed record OfflinePage(ReadOnlyMemory<byte> Content, string File);
