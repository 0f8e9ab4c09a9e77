using Wharf.Hosting;
using Wharf.Hosting.Control;

namespace Wharf.Supervisor;

/// <summary>
/// The account a service's process runs as, and what that account is given before it starts:
/// the paths the service owns and the folders its configuration makes it write. Kept apart from
/// the lifecycle so that how accounts are chosen can change without touching it.
/// </summary>
/// <param name="ownedByOthers">The <see cref="ServiceDefinition.OwnedPaths"/> of the other services, which this one's ownership leaves alone.</param>
internal sealed class ServiceAccounts(ServiceDefinition definition, SupervisorContext context, IReadOnlyList<string>? ownedByOthers = null)
{
    // The last account found able to run Wharf on this configuration file, so a reset does not ask the kernel again.
    private (string User, string Path)? _runnableBy;
    private bool _warnedRoot;

    private string Name => definition.Name;

    /// <summary>The account to start as (null: the supervisor's own), with its owned paths and written folders given to it.</summary>
    public string? PrepareLaunch(Config.Model.WharfConfig config, Config.Model.ServiceConfig settings)
    {
        var user = ChooseAccount(settings.User);
        if (user is not null && definition.OwnedPaths is { Count: > 0 } owned && PathOwnership.GiveTo(owned, user, ownedByOthers) is { } ownershipProblem)
            throw new InvalidOperationException(ownershipProblem);
        if (user is not null) PrepareWrittenFolders(config, user);
        return user;
    }

    /// <summary>
    /// Who the process runs as. Not root: the configured user, else the wharf user, each of which
    /// must be able to read the data root. With neither, nobody if it can read the data root;
    /// failing that the supervisor's own account, loudly, so that a first `wharf serve` in a
    /// folder only root can enter still serves.
    /// </summary>
    /// <summary>Creates the folders the configuration makes the service write and gives them to its account; a failure is a warning.</summary>
    public void PrepareWrittenFolders(Config.Model.WharfConfig config, string user)
    {
        if (definition.WrittenFolders?.Invoke(config, context.Root) is not { Count: > 0 } folders) return;
        if (PathOwnership.CreateAndGiveTo(folders, user) is { } problem)
            context.Events.Write(Name, EventName.Warning, $"{problem}; {Name} runs as {user} and may not be able to write there");
    }

    private string? ChooseAccount(string? configured)
    {
        if (!ProcessLauncher.RunningAsRoot) return null;
        var named = configured ?? (UnixAccounts.UserExists(ProcessLauncher.ServiceUser) ? ProcessLauncher.ServiceUser : null);
        if (named is not null)
        {
            if (!UnixAccounts.UserExists(named))
                throw new IOException($"the user \"{named}\" named in services.{Name}.user does not exist on this machine");
            if (CannotRun(named) is { } missing)
                throw new IOException($"{Name} runs as user {named}, who cannot {missing}: make every folder on the way searchable "
                    + $"by that user (for example chmod o+x on the folder that is not), move it, or name another user in services.{Name}.user");
            return named;
        }
        if (CannotRun(ProcessLauncher.FallbackUser) is not { } blocked) return ProcessLauncher.FallbackUser;
        if (!_warnedRoot)
        {
            _warnedRoot = true;
            context.Events.Write(Name, EventName.Warning, $"{Name} runs as root: there is no {ProcessLauncher.ServiceUser} user and {ProcessLauncher.FallbackUser} cannot {blocked}. "
                + $"Create the user (useradd --system {ProcessLauncher.ServiceUser}) and make Wharf and its data root readable by it, or set services.{Name}.user");
        }
        return null;
    }

    private string? CannotRun(string user)
    {
        if (_runnableBy == (user, context.ConfigPath)) return null;
        var missing = context.Launcher.CannotRun(user, context.ConfigPath);
        if (missing is null) _runnableBy = (user, context.ConfigPath);
        return missing;
    }
}
