namespace Wharf.Supervisor.Lifecycle;

/// <summary>How the supervisor starts and cleans up after its children; the seam tests replace.</summary>
internal interface IProcessLauncher
{
    /// <summary>Whether children can be started as other accounts (the supervisor is root); only then are accounts, owners and modes set.</summary>
    bool ChangesAccounts { get; }

    /// <summary>
    /// Starts `wharf service run NAME` through the launch step, as <paramref name="account"/> (null:
    /// the supervisor's own), with its listeners and one end of a new control channel (the other
    /// end is <see cref="LaunchedService.Control"/>), on its view <paramref name="configPath"/>.
    /// </summary>
    LaunchedService StartService(string service, IReadOnlyDictionary<string, int> listeners, string configPath, long configVersion, UnixAccount? account,
        IReadOnlyDictionary<string, string>? environment, string? viewsFolder);

    /// <summary>Null when <paramref name="account"/> can run Wharf and read <paramref name="configPath"/>; else what it cannot reach.</summary>
    string? CannotRun(UnixAccount account, string configPath);

    /// <summary>A recovery program through /bin/sh, as <paramref name="account"/>, through the launch step.</summary>
    void StartProgram(string commandLine, string service, int failCount, UnixAccount account);

    /// <summary>A program of the supervisor's own (useradd) run to its end: its exit code and stderr.</summary>
    (int ExitCode, string Error) RunToEnd(string program, IReadOnlyList<string> arguments);

    /// <summary>After a child ended: forget it, end what is left in its group, and reap orphans.</summary>
    void CleanUpAfter(int pid);
}

internal sealed record LaunchedService(ISupervisedProcess Process, Stream Control);
