namespace Wharf.Supervisor.Lifecycle;

/// <summary>How the supervisor starts and cleans up after its children; the seam tests replace.</summary>
internal interface IProcessLauncher
{
    /// <summary>Starts `wharf service run NAME` with its listeners and one end of a new control channel (the other end is <see cref="LaunchedService.Control"/>).</summary>
    LaunchedService StartService(string service, IReadOnlyDictionary<string, int> listeners, string configPath, long configVersion, string? user,
        IReadOnlyDictionary<string, string>? environment);

    /// <summary>Null when <paramref name="user"/> can run Wharf and read <paramref name="configPath"/>; else what it cannot reach.</summary>
    string? CannotRun(string user, string configPath);

    /// <summary>A recovery program through /bin/sh.</summary>
    void StartProgram(string commandLine, string service, int failCount);

    /// <summary>After a child ended: forget it, end what is left in its group, and reap orphans.</summary>
    void CleanUpAfter(int pid);
}

internal sealed record LaunchedService(ISupervisedProcess Process, Stream Control);
