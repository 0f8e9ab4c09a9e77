using Wharf.Config.Model;

namespace Wharf.Supervisor.Pools.Launch;

/// <summary>
/// The account a pool's workers run as under a root supervisor: processModel.userName, which must
/// exist, or the pool's own (<see cref="PoolNames.Account"/>), created when missing as the
/// services' accounts are (IIS's ApplicationPoolIdentity). Either way <see cref="PoolAccountPolicy"/>
/// has the last word, at every launch, since /etc/group can change between two.
/// </summary>
internal sealed class PoolAccounts(AccountDatabase accounts, Func<string, string?> createAccount, Action<string, UnixAccount> created)
{
    // useradd locks /etc/passwd; two pools starting side by side would fail each other's.
    private static readonly Lock CreateLock = new();

    /// <summary>The account, or <see cref="WorkerLaunchException"/> saying why none may be used.</summary>
    public UnixAccount Resolve(AppPoolConfig pool, IEnumerable<string> serviceAccounts)
    {
        var account = pool.ProcessModel.UserName is { Length: > 0 } named ? Named(pool.Name, named) : OwnAccount(pool.Name);
        if (PoolAccountPolicy.Refusal(pool.Name, account, serviceAccounts) is { } refusal) throw new WorkerLaunchException(refusal);
        return account;
    }

    private UnixAccount Named(string pool, string name) =>
        accounts.Find(name) ?? throw new WorkerLaunchException(
            $"pool {pool}'s processModel.userName \"{name}\" does not exist on this machine: create it ({ServiceAccountSetup.Command(name)}) or leave userName out for the pool's own account {PoolNames.Account(pool)}");

    private UnixAccount OwnAccount(string pool)
    {
        var name = PoolNames.Account(pool);
        if (accounts.Find(name) is { } existing) return existing;
        lock (CreateLock)
        {
            if (accounts.Find(name) is { } raced) return raced;
            if (createAccount(name) is { } failure)
                throw new WorkerLaunchException(
                    $"pool {pool} runs as its own account {name}, which does not exist and could not be created ({failure}): create it with `{ServiceAccountSetup.Command(name)}`, or name an existing unprivileged account in processModel.userName");
            var account = accounts.Find(name) ?? throw new WorkerLaunchException($"{name} was created for pool {pool} but is not in /etc/passwd");
            created(pool, account);
            return account;
        }
    }
}
