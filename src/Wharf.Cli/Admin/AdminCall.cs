namespace Wharf.Cli.Admin;

/// <summary>A reply from the admin API, or, when none came, what to tell the administrator and the exit code.</summary>
internal sealed record AdminCall(AdminReply? Reply, string? Failure, int ExitCode)
{
    public static AdminCall Answered(AdminReply reply) => new(reply, null, 0);

    public static AdminCall Unanswered(string failure, int exitCode) => new(null, failure, exitCode);
}
