using Microsoft.AspNetCore.Http;
using Wharf.Config.Accounts;
using Wharf.Config.Store;

namespace Wharf.Admin.Http;

/// <summary>
/// Who made a request, on either listener, set as an HttpContext feature by
/// <see cref="AdminAuthentication"/> before any endpoint runs. <see cref="Account"/> is the name the
/// audit log writes: an administrator account (<c>alice</c>), an API token (<c>token:NAME</c>) or a
/// local Unix user on run/admin.sock (<c>unix:root</c>).
/// </summary>
/// <param name="Uid">The Unix user id of a local caller; null for one who came over HTTPS.</param>
/// <param name="Pid">The process id of a local caller; null for one who came over HTTPS.</param>
internal sealed record AdminCaller(string Account, AdminRole Role, uint? Uid = null, int? Pid = null)
{
    public const string TokenPrefix = "token:";
    public const string UnixPrefix = "unix:";

    /// <summary>The console session the caller came with, if any (GET /api/session shows it).</summary>
    public SessionRecord? Session { get; init; }

    // The audit line's uid and pid: a remote caller has neither (uid -1, as chown(2) spells "none"; pid 0).
    public Actor ToActor() => new(Account, Uid ?? uint.MaxValue, Pid ?? 0);

    public bool MayChange => Role == AdminRole.Admin;

    /// <summary>The caller <see cref="AdminAuthentication"/> set; it runs before every endpoint.</summary>
    public static AdminCaller Of(HttpContext context) =>
        context.Features.Get<AdminCaller>() ?? throw new InvalidOperationException("request without a caller passed authentication");
}
