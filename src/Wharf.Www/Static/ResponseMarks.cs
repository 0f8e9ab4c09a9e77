using Microsoft.AspNetCore.Http;

namespace Wharf.Www.Static;

/// <summary>
/// What a response carries for others to read after it: IIS's sc-substatus (404.3, 403.14 ...)
/// for the W3C log, and the application a request was mapped to, for the application pools.
/// </summary>
internal static class ResponseMarks
{
    /// <summary>The W3C logger reads this key as an int; keep it as it is.</summary>
    public const string SubStatusKey = "wharf.substatus";

    // Boxed once: a substatus is set on error paths only, but some of those (404.3) can be hot.
    private static readonly object[] Boxed = [.. Enumerable.Range(0, 32).Select(i => (object)i)];

    public static void SetSubStatus(HttpContext context, int subStatus) =>
        context.Items[SubStatusKey] = subStatus is >= 0 and < 32 ? Boxed[subStatus] : subStatus;

    /// <summary>0 when nothing set one, as IIS logs it.</summary>
    public static int GetSubStatus(HttpContext context) =>
        context.Items.TryGetValue(SubStatusKey, out var value) && value is int subStatus ? subStatus : 0;

    /// <summary>The application (root or not) whose URL space the request fell in; null before mapping or outside a site.</summary>
    public static SiteApplication? GetApplication(HttpContext context) => context.Features.Get<SiteApplication>();

    public static void SetApplication(HttpContext context, SiteApplication application) => context.Features.Set(application);
}
