using Wharf.Config;
using Wharf.Config.Model;
using Wharf.Hosting;

namespace Wharf.Supervisor.Pools.Launch;

/// <summary>
/// Whether a pool's workers may run as an account. The configuration is written over the admin
/// API by whoever holds it, and a worker runs whatever it names: so never root under any name,
/// never a Wharf service's account (its files, its signals), never `nobody` (shared with other
/// software), and never a member of a group that administers Wharf or the machine or reads its
/// disks and secrets, as a supplementary or as the primary group.
/// </summary>
internal static class PoolAccountPolicy
{
    public static readonly IReadOnlyList<string> ForbiddenGroups =
        [LocalAdminPolicy.AdminGroup, "sudo", "wheel", "adm", "shadow", "disk", "docker", "lxd", "admin", "root"];

    /// <summary>Null when <paramref name="account"/> may run the pool's workers; else why not, in plain words.</summary>
    public static string? Refusal(string pool, UnixAccount account, IEnumerable<string> serviceAccounts)
    {
        var who = $"pool {pool}'s account {account.Name}";
        if (account.Uid == 0) return $"{who} is uid 0, which is root under another name";
        if (account.Gid == 0) return $"{who} has group 0 (root's) as its primary group";
        if (IsServiceAccount(account.Name, serviceAccounts))
            return $"{who} is a Wharf service's account, whose files and processes the workers would get: name an account of the pool's own";
        if (ServiceAccounts.Shared.Contains(account.Name))
            return $"{who} is shared with other software on the machine: name an account of the pool's own";
        if (account.GroupNames.Intersect(ForbiddenGroups, StringComparer.Ordinal).FirstOrDefault() is { } group)
            return $"{who} is in the group {group}, whose members administer {(group == LocalAdminPolicy.AdminGroup ? "Wharf" : "the machine or read its disks and secrets")}: take it out of {group} or name another account";
        return null;
    }

    private static bool IsServiceAccount(string name, IEnumerable<string> serviceAccounts) =>
        serviceAccounts.Contains(name, StringComparer.Ordinal)
        // Every service's default account, built yet or not, and the administrators' group's name.
        || EveryService.Any(s => ServiceAccounts.Prefix + s == name)
        || name == LocalAdminPolicy.AdminGroup;

    private static readonly string[] EveryService =
        [ServiceNames.Admin, ServiceNames.Www, ServiceNames.Ftp, ServiceNames.Smtp, ServiceNames.Nntp];
}
