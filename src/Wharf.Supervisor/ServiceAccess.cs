using Wharf.Config;
using Wharf.Config.Model;
using Wharf.Hosting;
using Wharf.Hosting.Control;

namespace Wharf.Supervisor;

/// <summary>
/// Everything a service's account needs before its process starts or reloads, under a root
/// supervisor: its own system account (created when missing), the files it alone writes, the
/// folders the configuration makes it write, its own view of the configuration, and a data root
/// it can reach. Never a fallback to root: what cannot be given is a start failure that names
/// the path and the fix.
/// </summary>
internal sealed class ServiceAccess(ServiceDefinition definition, SupervisorContext context, IReadOnlyList<string> ownedByOthers, ServiceAccountSetup accounts)
{
    // The last account found able to run Wharf with this view folder, so a reset does not ask the kernel again.
    private (uint Uid, string Folder)? _runnableBy;

    private string Name => definition.Name;

    /// <summary>The account the current process was started as; null under a supervisor that is not root.</summary>
    public UnixAccount? Account { get; private set; }

    public string ViewsFolder => ConfigViewFiles.Folder(context.Root, Name);

    /// <summary>Before a start: the account to start as and the view to start on. Throws <see cref="InvalidOperationException"/> saying why not.</summary>
    public (UnixAccount? Account, string View) PrepareStart(WharfConfig config, long version)
    {
        if (!context.Launcher.ChangesAccounts)
        {
            Account = null;
            return (null, ConfigViewWriter.Write(context.Root, definition, config, version, group: null));
        }

        var settings = config.Services.Get(Name);
        var name = ServiceAccounts.For(Name, settings);
        var (account, created, problem) = accounts.Ensure(Name, name, configured: settings?.User is not null);
        if (account is null) throw new InvalidOperationException(problem);
        if (created)
            context.Events.Write(Name, EventName.AccountCreated,
                $"created the system account {name} (uid {account.Uid}) for {Name}: {ServiceAccountSetup.Command(name)}");

        if (DataRootModes.OpenForServices(context.Root) is { } closed) throw new InvalidOperationException(closed);
        if (definition.OwnedPaths is { Count: > 0 } owned && PathOwnership.GiveTo(owned, account.Uid, account.Gid, name, ownedByOthers) is { } ownership)
            throw new InvalidOperationException(ownership);
        PrepareWrittenFolders(config, account);

        var view = ConfigViewWriter.Write(context.Root, definition, config, version, account.Gid);
        if (_runnableBy != (account.Uid, ViewsFolder))
        {
            if (context.Launcher.CannotRun(account, view) is { } missing)
                throw new InvalidOperationException($"{Name} runs as {name}, who cannot {missing}: make every folder on the way searchable by that account "
                    + "(chmod o+x on the folder that is not, or move Wharf or its data root where it is)" + (settings?.User is null ? "" : $", or name another account in services.{Name}.user"));
            _runnableBy = (account.Uid, ViewsFolder);
        }
        Account = account;
        return (account, view);
    }

    /// <summary>Before a reload of <paramref name="version"/>: its folders and its view, for the account the process runs as.</summary>
    public void PrepareReload(WharfConfig config, long version)
    {
        if (Account is { } account) PrepareWrittenFolders(config, account);
        ConfigViewWriter.Write(context.Root, definition, config, version, Account?.Gid);
    }

    /// <summary>Creates the folders the configuration makes the service write and gives them to its account; a failure is a warning.</summary>
    private void PrepareWrittenFolders(WharfConfig config, UnixAccount account)
    {
        if (definition.WrittenFolders?.Invoke(config, context.Root) is not { Count: > 0 } folders) return;
        if (PathOwnership.CreateAndGiveTo(folders, account.Name) is { } problem)
            context.Events.Write(Name, EventName.Warning, $"{problem}; {Name} runs as {account.Name} and may not be able to write there");
    }
}
