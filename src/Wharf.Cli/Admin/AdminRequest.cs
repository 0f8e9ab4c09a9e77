namespace Wharf.Cli.Admin;

/// <summary>
/// One call of the admin API. <paramref name="Target"/> is relative to http://wharf/ and already
/// URL-encoded (<see cref="AdminApi"/> builds it); <paramref name="IfMatch"/> guards a change
/// against one made meanwhile.
/// </summary>
internal sealed record AdminRequest(HttpMethod Method, string Target, string? Body = null, long? IfMatch = null)
{
    /// <summary>Reads answer at once; a change waits until every service has applied it.</summary>
    public TimeSpan Limit => Method == HttpMethod.Get ? TimeSpan.FromSeconds(30) : TimeSpan.FromMinutes(5);

    public bool IsChange => Method != HttpMethod.Get;
}
