namespace Wharf.TestKit;

/// <summary>The account a live process runs as (from /proc), and running commands as it, as an attacker holding it would.</summary>
public sealed record ServiceAccount(uint Uid, uint Gid)
{
    public static ServiceAccount Of(int pid)
    {
        var lines = File.ReadAllLines($"/proc/{pid}/status");
        uint Id(string field) => uint.Parse(lines.Single(l => l.StartsWith(field, StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[1]);
        return new ServiceAccount(Id("Uid:"), Id("Gid:"));
    }

    /// <summary>Every id of the process (real, effective, saved, file system): none may differ from the others.</summary>
    public static IReadOnlyList<uint> AllUids(int pid) =>
        [.. File.ReadAllLines($"/proc/{pid}/status").Single(l => l.StartsWith("Uid:", StringComparison.Ordinal))
            .Split('\t', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(uint.Parse)];

    public async Task<string> NameAsync() => (await CommandResult.RunAsync("id", ["-nu", Uid.ToString()])).StandardOutput.Trim();

    /// <summary>`sh -c SCRIPT` as this account with no supplementary groups; $1... are <paramref name="arguments"/>.</summary>
    public Task<CommandResult> ShellAsync(string script, params string[] arguments) =>
        CommandResult.RunAsync("setpriv", [$"--reuid={Uid}", $"--regid={Gid}", "--clear-groups", "/bin/sh", "-c", script, "sh", .. arguments]);
}
