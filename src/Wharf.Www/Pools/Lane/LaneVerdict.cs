using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Wharf.Www.Pools.Lane;

/// <summary>
/// What the lane decided for a request it then handed to Kestrel unanswered, because the answer is
/// one Kestrel's path writes (the pool's 503, the site's 502 or 504 page, with the site's log
/// entry): Kestrel reads the same bytes again, and <see cref="PoolForwarder"/> answers with this
/// instead of queueing the request a second time. It holds for that one request only.
/// </summary>
internal sealed record LaneVerdict(int Status, string Method, string Target)
{
    private const string ItemKey = "wharf.lane-verdict";

    public void Leave(IDictionary<object, object?> connectionItems) => connectionItems[ItemKey] = this;

    /// <summary>The verdict for this request, taken out; null when there is none or it was for another request.</summary>
    public static LaneVerdict? Take(HttpContext context)
    {
        if (context.Features.Get<IConnectionItemsFeature>()?.Items is not { } items || !items.Remove(ItemKey, out var value)) return null;
        var verdict = (LaneVerdict)value!;
        var target = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget;
        return verdict.Method == context.Request.Method && verdict.Target == target ? verdict : null;
    }
}
