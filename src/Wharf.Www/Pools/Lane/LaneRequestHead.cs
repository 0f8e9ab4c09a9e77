namespace Wharf.Www.Pools.Lane;

/// <summary>Where a request head <see cref="LaneRequestParser"/> accepted keeps its parts, as offsets into the head's bytes.</summary>
internal sealed class LaneRequestHead
{
    /// <summary>The head's length with its blank line; the body, if any, follows.</summary>
    public int HeadLength { get; set; }

    public int ContentLength { get; set; }

    public Range Method { get; set; }

    /// <summary>The origin-form target as sent: path, then the query with its '?'.</summary>
    public Range Target { get; set; }

    /// <summary>The path's length within <see cref="Target"/>; the query is the rest.</summary>
    public int PathLength { get; set; }

    public Range Host { get; set; }

    /// <summary>The client said <c>Connection: close</c>: this is its last request on the connection.</summary>
    public bool Close { get; set; }

    // For the W3C log only; empty when the client sent none.
    public Range UserAgent { get; set; }
    public Range Referer { get; set; }
    public Range Cookie { get; set; }

    public int Length => HeadLength + ContentLength;

    public void Clear()
    {
        HeadLength = ContentLength = PathLength = 0;
        Method = Target = Host = UserAgent = Referer = Cookie = default;
        Close = false;
    }
}
