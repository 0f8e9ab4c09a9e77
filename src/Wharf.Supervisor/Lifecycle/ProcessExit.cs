using Wharf.Hosting.Native;

namespace Wharf.Supervisor.Lifecycle;

internal readonly record struct ProcessExit(int? ExitCode, int? Signal)
{
    public bool Clean => ExitCode == 0;

    public string? SignalName => Signal is { } s ? Libc.SignalName(s) : null;

    public override string ToString() => Signal is not null ? $"killed by {SignalName}" : $"exit code {ExitCode}";
}
