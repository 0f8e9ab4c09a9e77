namespace Wharf.Hosting;

/// <summary>
/// Exit codes of every `wharf` command, one table (docs/exit-codes.md mirrors it).
/// </summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The operation ran but did not all happen (a service did not stop in time under /noforce, ...).</summary>
    public const int Failed = 1;

    /// <summary>
    /// Done, but forced: a process still running at its deadline was killed, cutting what it held
    /// (the reply names each request). Not 0, so that a script can tell it from a clean restart.
    /// </summary>
    public const int Forced = 3;

    /// <summary>The configuration is invalid; the message names the field.</summary>
    public const int InvalidConfig = 2;

    /// <summary>The command line was wrong.</summary>
    public const int Usage = 64;

    /// <summary>The caller is not allowed (not root, not the supervisor's user, not in wharf-admins; remotely: a wrong or revoked token or password, or a read role asking for a change).</summary>
    public const int AccessDenied = 77;

    /// <summary>A remote host's certificate is not trusted: not pinned yet (non-interactive, without --accept-new-host), changed since it was pinned, or not chained to --ca-file.</summary>
    public const int HostNotTrusted = 76;

    /// <summary>The supervisor is not running (no control socket, or nobody answering it).</summary>
    public const int NotRunning = 69;

    /// <summary>Resets are disabled (/disable) until /enable.</summary>
    public const int Disabled = 75;

    /// <summary>
    /// The code for a control reply, the same for `wharf reset` and the admin API's reset: an error
    /// by its words (a refusal of access, resets disabled), a failure, a forced success, or 0.
    /// </summary>
    public static int Of(Control.ControlReply reply) =>
        reply.Type == Control.ControlReplyType.Error ? OfError(reply.Message ?? "")
        : !reply.Ok ? Failed
        : reply.Forced == true ? Forced
        : Ok;

    public static int OfError(string message) =>
        message.StartsWith("access denied", StringComparison.OrdinalIgnoreCase) ? AccessDenied
        : message.StartsWith("resets are disabled", StringComparison.OrdinalIgnoreCase) ? Disabled
        : Failed;
}
