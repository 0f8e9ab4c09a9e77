using System.Net;
using System.Text;
using Wharf.Config.Model;
using Wharf.Www.Logging;

namespace Wharf.Www.Tests;

public sealed class W3cFieldWriterTests
{
    private static readonly SiteLog NoLog = new W3cLogWriterStub().Log;

    private static string Line(IReadOnlyList<string> fields, W3cLogEntry entry)
    {
        var line = new StringBuilder();
        W3cFieldWriter.AppendLine(line, W3cFieldSet.From(fields).Fields, entry, "W3SVC7", "host1");
        return line.ToString();
    }

    private static W3cLogEntry Entry() => new()
    {
        Log = NoLog,
        Time = new DateTime(2026, 12, 6, 23, 5, 9, 400, DateTimeKind.Utc),
        ServerIp = IPAddress.Parse("::ffff:127.0.0.1"),
        ServerPort = 8080,
        ClientIp = IPAddress.Parse("::ffff:10.1.2.3"),
        Method = "GET",
        UriStem = "/docs/read me.txt",
        UriQuery = "?a=1&b=2",
        UserAgent = "Mozilla/5.0 (X11; Linux x86_64) curl/8",
        Referer = "",
        Status = 404,
        SubStatus = 3,
        Win32Status = 0,
        TimeTakenMs = 15,
        BytesSent = -1,
        BytesReceived = 120,
        Protocol = "HTTP/1.1",
        Host = "www.example",
        Cookie = "a=b; c=d",
    };

    [Fact]
    public void Writes_IIS_default_fields_in_order_with_spaces_as_plus_and_empty_as_dash()
    {
        Assert.Equal(
            "2026-12-06 23:05:09 127.0.0.1 GET /docs/read+me.txt a=1&b=2 8080 - 10.1.2.3 Mozilla/5.0+(X11;+Linux+x86_64)+curl/8 - 404 3 0 15\r\n",
            Line(W3cFields.Default, Entry()));
    }

    [Fact]
    public void Writes_the_other_known_fields()
    {
        Assert.Equal(
            "W3SVC7 host1 - 120 HTTP/1.1 www.example a=b;+c=d\r\n",
            Line(["s-sitename", "s-computername", "sc-bytes", "cs-bytes", "cs-version", "cs-host", "cs(Cookie)"], Entry()));
    }

    [Fact]
    public void Every_known_field_has_a_writer()
    {
        foreach (var name in W3cFields.Known) Assert.True(W3cFieldSet.TryParse(name, out _), name);
        Assert.Equal(W3cFields.Known.Count, W3cFieldSet.From(W3cFields.Known).Fields.Length);
    }

    [Fact]
    public void Field_names_are_matched_without_regard_to_case_and_written_as_configured()
    {
        var set = W3cFieldSet.From(["Date", "CS(User-Agent)"]);
        Assert.Equal([W3cField.Date, W3cField.UserAgent], set.Fields);
        Assert.Equal(["Date", "CS(User-Agent)"], set.Names);
    }

    [Fact]
    public void An_anonymous_request_and_a_missing_query_are_dashes_and_a_user_is_written()
    {
        Assert.Equal("- -\r\n", Line(["cs-username", "cs-uri-query"], Entry() with { UriQuery = "" }));
        Assert.Equal("alice+smith -\r\n", Line(["cs-username", "cs-uri-query"], Entry() with { UserName = "alice smith", UriQuery = null }));
    }

    [Fact]
    public void Line_breaks_tabs_and_control_characters_cannot_split_a_line()
    {
        var line = Line(["cs(User-Agent)", "sc-status"], Entry() with { UserAgent = "evil\r\n#Fields: x\tz\u0001" });
        Assert.Equal("evil++#Fields:+x+z+ 404\r\n", line);
    }

    [Fact]
    public void IPv6_addresses_are_written_as_they_are()
    {
        Assert.Equal("::1 2001:db8::5\r\n", Line(["s-ip", "c-ip"], Entry() with { ServerIp = IPAddress.IPv6Loopback, ClientIp = IPAddress.Parse("2001:db8::5") }));
    }

    [Fact]
    public void The_header_block_is_IIS_s()
    {
        var text = new StringBuilder();
        W3cFieldWriter.AppendHeader(text, "Wharf 1.2.3", new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), ["date", "time"]);
        Assert.Equal("#Software: Wharf 1.2.3\r\n#Version: 1.0\r\n#Date: 2026-01-02 03:04:05\r\n#Fields: date time\r\n", text.ToString());
    }

    /// <summary>A SiteLog for entries that are only formatted, never queued.</summary>
    private sealed class W3cLogWriterStub
    {
        public SiteLog Log { get; } = new W3cLogWriter(TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, (_, _) => { })
            .Create(new SiteLogSettings("/nonexistent", LogPeriod.Daily, 1 << 20, W3cFieldSet.From(W3cFields.Default), "W3SVC7"));
    }
}
