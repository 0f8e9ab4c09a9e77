namespace Wharf.Supervisor;

/// <summary>
/// Makes sure a service's account exists, creating a missing one the way a package's install
/// script would (docs/security.md says why Wharf creates rather than refuses): a system account
/// with its own group, no home and no shell, so nothing can log in as it.
/// </summary>
internal sealed class ServiceAccountSetup(AccountDatabase accounts, Func<string, string?> createAccount)
{
    public AccountDatabase Database => accounts;

    // useradd locks /etc/passwd; two services starting side by side would fail each other's.
    private static readonly Lock CreateLock = new();

    /// <summary>On this machine: useradd, run as a child the supervisor knows of (its orphan sweep spares it).</summary>
    public static ServiceAccountSetup ForMachine(Lifecycle.IProcessLauncher launcher) => new(new AccountDatabase(), name => UserAdd(launcher, name));

    public static string Command(string name) =>
        $"useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin {name}";

    /// <summary>The account, whether it was created now, or why the service cannot run as it.</summary>
    public (UnixAccount? Account, bool Created, string? Problem) Ensure(string service, string name, bool configured)
    {
        var created = false;
        var account = accounts.Find(name);
        if (account is null && configured)
            return (null, false, $"the user \"{name}\" named in services.{service}.user does not exist on this machine: create it ({Command(name)}) or leave \"user\" out for {Wharf.Config.ServiceAccounts.Prefix}{service}");
        if (account is null)
        {
            lock (CreateLock)
            {
                account = accounts.Find(name);
                if (account is null)
                {
                    if (createAccount(name) is { } failure)
                        return (null, false, $"{service} runs as its own account {name}, which does not exist and could not be created ({failure}): create it with `{Command(name)}`, or name an existing unprivileged account in services.{service}.user");
                    account = accounts.Find(name);
                    created = true;
                }
            }
            if (account is null) return (null, false, $"{name} was created but is not in /etc/passwd");
        }
        if (account.Uid == 0 || account.Gid == 0)
            return (null, false, $"{service}'s account {name} is uid {account.Uid}, gid {account.Gid}: root's; a service never runs as root");
        if (account.GroupNames.Intersect(RunAsPolicy.PrivilegedGroups, StringComparer.Ordinal).FirstOrDefault() is { } group)
            return (null, false, $"{service}'s account {name} is in the group {group}; a service's account has no administrator's rights: take it out of {group} or name another in services.{service}.user");
        return (account, created, null);
    }

    private static string? UserAdd(Lifecycle.IProcessLauncher launcher, string name)
    {
        try
        {
            var (exit, error) = launcher.RunToEnd("useradd", ["--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", name]);
            return exit == 0 ? null : $"useradd exited with {exit}: {error.Trim()}";
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException)
        {
            return $"cannot run useradd: {e.Message}";
        }
    }
}
