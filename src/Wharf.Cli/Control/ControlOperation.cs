using Wharf.Hosting.Control;

namespace Wharf.Cli.Control;

/// <summary>
/// A control request and how to show its outcome: an optional first line (iisreset's
/// <c>Attempting stop...</c>) and the lines that report the final result.
/// </summary>
internal sealed record ControlOperation(
    ControlRequest Request,
    string? Announcement,
    Func<ControlReply, IReadOnlyList<string>> Report)
{
    /// <summary>
    /// How long to wait for any line from the supervisor before calling it unresponsive: the
    /// deadline the old processes have (IIS's 60 s stop when unset) plus time to start new ones.
    /// </summary>
    public TimeSpan IdleLimit => Request.Command is ControlCommand.Status or ControlCommand.Enable or ControlCommand.Disable
        ? TimeSpan.FromSeconds(30)
        : TimeSpan.FromSeconds((Request.TimeoutSeconds ?? 60) + 60);
}
