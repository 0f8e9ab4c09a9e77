using System.Diagnostics.CodeAnalysis;

namespace Wharf.Cli.Reset;

internal enum ResetAction { Restart, Start, Stop, Status, Enable, Disable, Reboot }

/// <summary>What `wharf reset` was asked to do, as the administrator wrote it.</summary>
internal sealed record ResetOptions
{
    public ResetAction Action { get; init; } = ResetAction.Restart;

    /// <summary>Null takes the supervisor's default (IIS's: 20 s restart, 60 s stop).</summary>
    public int? TimeoutSeconds { get; init; }

    /// <summary>False for /noforce.</summary>
    public bool Force { get; init; } = true;

    public bool RebootOnError { get; init; }

    /// <summary>Null means this machine.</summary>
    public string? ComputerName { get; init; }

    public bool Json { get; init; }

    /// <summary>For a remote computer: the token's file, a CA to trust, and whether a first certificate is pinned without asking.</summary>
    public string? TokenFile { get; init; }
    public string? CaFile { get; init; }
    public bool AcceptNewHost { get; init; }

    public bool Help { get; init; }
}

/// <summary>Either the options or why the command line is wrong (naming the token at fault).</summary>
internal sealed record ResetArgumentsResult
{
    private ResetArgumentsResult(ResetOptions? options, string? error) => (Options, Error) = (options, error);

    public ResetOptions? Options { get; }
    public string? Error { get; }

    [MemberNotNullWhen(true, nameof(Options))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsValid => Options is not null;

    public static ResetArgumentsResult Valid(ResetOptions options) => new(options, null);
    public static ResetArgumentsResult Invalid(string error) => new(null, error);
}
