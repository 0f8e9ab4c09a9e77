using System.Globalization;
using Wharf.Hosting.Control;

namespace Wharf.Cli.Rendering;

/// <summary>
/// Service snapshots and events as lines of text. Pure: the same reply always gives the same
/// lines, so the output is tested without a supervisor.
/// </summary>
internal static class StatusRenderer
{
    public const int EventsShown = 10;

    /// <summary>One line per service after an operation: name, state, pid, uptime, restarts, connections, message.</summary>
    public static IReadOnlyList<string> ServiceLines(IReadOnlyList<ServiceStatus> services) =>
        TextTable.Format(services.Select(s => new[]
        {
            "  " + s.Name,
            s.State.Spelling(),
            s.Pid is { } pid ? $"pid {pid}" : "-",
            s.UptimeSeconds is { } up ? $"up {Uptime(up)}" : "-",
            $"restarts {s.Restarts}",
            s.Connections is { } c ? $"connections {c}" : "-",
            (s.Ok ? "" : "FAILED: ") + (s.Message ?? ""),
        }).ToList());

    /// <summary>The `wharf reset /status` report: a table of services, the application pools and their workers, whether resets are disabled, the latest events.</summary>
    public static IReadOnlyList<string> StatusReport(ControlReply reply)
    {
        var lines = new List<string>(ServiceTable(reply.Services ?? []));
        lines.AddRange(PoolStatusRenderer.StatusSection(reply.Pools ?? []));
        if (reply.ResetDisabled is { } disabled)
        {
            lines.Add("");
            lines.Add(disabled ? DisabledLine : EnabledLine);
        }
        if (reply.ConfigVersion is { } version)
        {
            if (reply.CommittedVersion is { } committed && committed > version)
            {
                lines.Add($"Configuration version {version} running; version {committed} committed.");
                lines.Add(CommittedNotRunning(committed, version));
            }
            else
            {
                lines.Add($"Configuration version {version}.");
            }
            // Loud on purpose: the host runs on something other than wharf.json as written.
            if (reply.ConfigNote is { } note) lines.Add($"WARNING: {note}");
        }
        if (reply.Events is { Count: > 0 } events)
        {
            lines.Add("");
            lines.Add("Latest events:");
            lines.AddRange(EventLines(events.Skip(Math.Max(0, events.Count - EventsShown)).ToList()));
        }
        return lines;
    }

    /// <summary>Loud on purpose: a change was committed (and answered, or cut short) but the services do not run it.</summary>
    public static string CommittedNotRunning(long committed, long running) =>
        $"WARNING: version {committed} is committed but the host runs on version {running}; the admin service applies it when it starts, or run `wharf reset`.";

    public const string DisabledLine =
        "Resets are DISABLED: every reset except /enable and /status is refused, and automatic restart is off, until `wharf reset /enable`.";

    public const string EnabledLine = "Resets are enabled.";

    public static IReadOnlyList<string> ServiceTable(IReadOnlyList<ServiceStatus> services)
    {
        var rows = new List<string[]> { new[] { "SERVICE", "STATE", "PID", "UPTIME", "RESTARTS", "CONNECTIONS", "LISTENERS" } };
        rows.AddRange(services.Select(s => new[]
        {
            s.Name,
            s.State.Spelling(),
            s.Pid?.ToString(CultureInfo.InvariantCulture) ?? "-",
            s.UptimeSeconds is { } up ? Uptime(up) : "-",
            s.Restarts.ToString(CultureInfo.InvariantCulture),
            s.Connections?.ToString(CultureInfo.InvariantCulture) ?? "-",
            s.Listeners.Count == 0 ? "-" : string.Join(", ", s.Listeners),
        }));
        var lines = new List<string>(TextTable.Format(rows));
        foreach (var s in services.Where(s => !string.IsNullOrEmpty(s.Message) && s.State is ServiceState.Failed or ServiceState.WaitingToRestart))
            lines.Add($"  {s.Name}: {s.Message}");
        return lines;
    }

    public static IReadOnlyList<string> EventLines(IReadOnlyList<EventRecord> events) =>
        TextTable.Format(events.Select(e => new[]
        {
            "  " + e.Time.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            e.Service,
            e.Event.Spelling(),
            EventDetail(e),
        }).ToList());

    /// <summary>h:mm:ss, hours unbounded (a service up for two days shows 48:00:00).</summary>
    public static string Uptime(double seconds)
    {
        var total = (long)Math.Max(0, Math.Floor(seconds));
        return string.Create(CultureInfo.InvariantCulture, $"{total / 3600}:{total / 60 % 60:00}:{total % 60:00}");
    }

    private static string EventDetail(EventRecord e)
    {
        var parts = new List<string>();
        if (e.Pid is { } pid) parts.Add($"pid {pid}");
        if (e.ExitCode is { } code) parts.Add($"exit code {code}");
        if (e.Signal is { } signal) parts.Add(signal);
        if (e.Connections is { } connections) parts.Add($"{connections} connections");
        var facts = string.Join(", ", parts);
        return (facts.Length, string.IsNullOrEmpty(e.Message)) switch
        {
            (0, true) => "",
            (0, false) => e.Message!,
            (_, true) => $"({facts})",
            _ => $"{e.Message} ({facts})",
        };
    }
}
