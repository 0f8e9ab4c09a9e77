using Wharf.Hosting;

namespace Wharf.Supervisor;

/// <summary>
/// Whether a program the configuration names (a recovery program today; pool workers and orphan
/// and shutdown actions later) may run as the account the configuration gives it. The validator
/// refuses root by name; this is the check only the machine can answer, made at run time, just
/// before the program starts: whoever can change the configuration must not get root, an
/// administrator's rights or a service's files by it.
/// </summary>
internal static class RunAsPolicy
{
    /// <summary>Groups whose members administer Wharf or the machine.</summary>
    public static readonly IReadOnlyList<string> PrivilegedGroups = [LocalAdminPolicy.AdminGroup, "sudo", "wheel", "admin", "root"];

    /// <summary>The account to run as, or why not, naming <paramref name="field"/>.</summary>
    public static (UnixAccount? Account, string? Refusal) Check(string? name, string field, IEnumerable<string> serviceAccounts, AccountDatabase accounts)
    {
        if (string.IsNullOrWhiteSpace(name))
            return (null, $"{field} is not set: a program the configuration names never runs as root, so it needs an unprivileged account to run as");
        if (serviceAccounts.Contains(name, StringComparer.Ordinal))
            return (null, $"{field} \"{name}\" is a Wharf service's account, whose files and processes the program would get: name an account of its own");
        if (accounts.Find(name) is not { } account)
            return (null, $"{field} \"{name}\" does not exist on this machine: create it (useradd --system --no-create-home --shell /usr/sbin/nologin {name}) or name another");
        if (account.Uid == 0)
            return (null, $"{field} \"{name}\" is uid 0, which is root under another name");
        if (account.Gid == 0)
            return (null, $"{field} \"{name}\" has group 0 (root's) as its primary group");
        if (account.GroupNames.Intersect(PrivilegedGroups, StringComparer.Ordinal).FirstOrDefault() is { } group)
            return (null, $"{field} \"{name}\" is in the group {group}, whose members administer {(group == LocalAdminPolicy.AdminGroup ? "Wharf" : "the machine")}");
        return (account, null);
    }
}
