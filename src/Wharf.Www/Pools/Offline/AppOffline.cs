using Microsoft.AspNetCore.Http;

namespace Wharf.Www.Pools.Offline;

/// <summary>
/// app_offline.htm: while the file is in an application's folder, the application's requests get
/// its content with 503, and the application's pool is reported offline so its workers stop.
/// </summary>
internal sealed class AppOffline
{
    /// <summary>Serves the page with 503 and returns true when the application at <paramref name="applicationPhysicalPath"/> is offline.</summary>
    public Task<bool> TryServeAsync(HttpContext context, string applicationPhysicalPath) => Task.FromResult(false);
}
