namespace Wharf.Hosting.Launch;

/// <summary>
/// How the exec step says which of its steps failed, when it could not become the program. The
/// numbers are systemd's for the same steps (systemd.exec(5), "Process exit codes"), so an
/// administrator who knows those knows these; docs/exit-codes.md lists them.
/// </summary>
public static class ExecStepExit
{
    public const int Spec = ExitCodes.Usage;
    public const int ChangeDirectory = 200;
    public const int CpuAffinity = 201;
    public const int Descriptors = 202;
    public const int Execute = 203;
    public const int Limits = 205;
    public const int Signals = 207;
    public const int Group = 216;
    public const int User = 217;
    public const int Cgroup = 219;
    public const int Session = 220;

    /// <summary>The step an exit code names, for a supervisor's event; null for a code the program itself chose.</summary>
    public static string? Describe(int code) => code switch
    {
        ChangeDirectory => "the launch step could not change to the working directory",
        CpuAffinity => "the launch step could not set the processor affinity",
        Descriptors => "the launch step could not put the descriptors in place",
        Execute => "the launch step could not execute the program",
        Limits => "the launch step could not set a resource limit",
        Signals => "the launch step could not reset the signals",
        Group => "the launch step could not set the groups",
        User => "the launch step could not become the account (or could become root again)",
        Cgroup => "the launch step could not join the cgroup",
        Session => "the launch step could not start a session or process group",
        _ => null,
    };
}
