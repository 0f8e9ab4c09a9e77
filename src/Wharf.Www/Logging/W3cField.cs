namespace Wharf.Www.Logging;

/// <summary>The W3C extended log fields Wharf writes (<see cref="Wharf.Config.Model.W3cFields.Known"/>), as a number the writer switches on.</summary>
internal enum W3cField
{
    Date,
    Time,
    ServerIp,
    Method,
    UriStem,
    UriQuery,
    ServerPort,
    UserName,
    ClientIp,
    UserAgent,
    Referer,
    Status,
    SubStatus,
    Win32Status,
    TimeTaken,
    SiteName,
    ComputerName,
    BytesSent,
    BytesReceived,
    ProtocolVersion,
    Host,
    Cookie,
}

/// <summary>A site's <c>#Fields</c>: the names as configured (written in the header) and the fields to write, in order.</summary>
internal sealed class W3cFieldSet
{
    private W3cFieldSet(IReadOnlyList<string> names, W3cField[] fields)
    {
        Names = names;
        Fields = fields;
        foreach (var field in fields)
        {
            if (field is W3cField.BytesSent or W3cField.BytesReceived) CountsBytes = true;
            if (field == W3cField.Cookie) NeedsCookie = true;
        }
    }

    public IReadOnlyList<string> Names { get; }

    public W3cField[] Fields { get; }

    /// <summary>sc-bytes or cs-bytes is written: the response body is counted (otherwise it is left unwrapped).</summary>
    public bool CountsBytes { get; }

    /// <summary>cs(Cookie) is written: only then is the header copied into the entry.</summary>
    public bool NeedsCookie { get; }

    /// <summary>The validator has already refused unknown names; one that slips through is left out rather than failing the site.</summary>
    public static W3cFieldSet From(IReadOnlyList<string> names)
    {
        var kept = new List<string>(names.Count);
        var fields = new List<W3cField>(names.Count);
        foreach (var name in names)
        {
            if (!TryParse(name, out var field)) continue;
            kept.Add(name);
            fields.Add(field);
        }
        return new W3cFieldSet(kept, [.. fields]);
    }

    public static bool TryParse(string name, out W3cField field)
    {
        field = name.ToLowerInvariant() switch
        {
            "date" => W3cField.Date,
            "time" => W3cField.Time,
            "s-ip" => W3cField.ServerIp,
            "cs-method" => W3cField.Method,
            "cs-uri-stem" => W3cField.UriStem,
            "cs-uri-query" => W3cField.UriQuery,
            "s-port" => W3cField.ServerPort,
            "cs-username" => W3cField.UserName,
            "c-ip" => W3cField.ClientIp,
            "cs(user-agent)" => W3cField.UserAgent,
            "cs(referer)" => W3cField.Referer,
            "sc-status" => W3cField.Status,
            "sc-substatus" => W3cField.SubStatus,
            "sc-win32-status" => W3cField.Win32Status,
            "time-taken" => W3cField.TimeTaken,
            "s-sitename" => W3cField.SiteName,
            "s-computername" => W3cField.ComputerName,
            "sc-bytes" => W3cField.BytesSent,
            "cs-bytes" => W3cField.BytesReceived,
            "cs-version" => W3cField.ProtocolVersion,
            "cs-host" => W3cField.Host,
            "cs(cookie)" => W3cField.Cookie,
            _ => (W3cField)(-1),
        };
        return field >= 0;
    }
}
