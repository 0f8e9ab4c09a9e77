using Microsoft.Extensions.Logging;
using Wharf.Admin.Api;
using Wharf.Config.Store;
using Wharf.Hosting.Control;

namespace Wharf.Admin.HandEdits;

/// <summary>
/// The first thing the commit pipeline runs in a new admin process, before any change of the API
/// or the watcher: whatever instant the previous process died at, the store, its history and the
/// audit log are made to agree (<see cref="ConfigStore.Reconcile"/>), and a committed version the
/// host does not run is applied. Until then commits wait, so none takes a number a commit cut
/// short still holds.
/// </summary>
internal sealed class StartupReconciliation(
    ConfigStore store,
    CommitPipeline commits,
    Func<ControlRequest, CancellationToken, Task<ControlReply>> askSupervisor,
    Action<EventName, string?> reportEvent,
    ILogger log)
{
    private static readonly Actor AtStart = new("(recovered at start)", Hosting.Native.Libc.geteuid(), Environment.ProcessId);

    public Task RunAsync() => commits.RunFirstAsync(ReconcileAsync);

    private async Task ReconcileAsync()
    {
        Reconciliation done;
        try
        {
            done = store.Reconcile(AtStart);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            AdminLog.CannotReconcile(log, e.Message);
            reportEvent(EventName.Warning, $"cannot finish a commit cut short: {e.Message}");
            return;
        }
        if (done.Changed)
        {
            AdminLog.CommitFinished(log, done.Describe());
            reportEvent(EventName.ConfigRecovered, done.Describe());
        }
        if (done.Committed is not { } committed) return;

        var status = await askSupervisor(new ControlRequest { Command = ControlCommand.Status }, CancellationToken.None).ConfigureAwait(false);
        if (status.Type != ControlReplyType.Result || status.ConfigVersion is not { } running)
        {
            AdminLog.RunningUnknown(log, committed.Version, status.Message);
            return;
        }
        // A commit cut at its apply request, or after any earlier step: on disk, never applied.
        if (running >= committed.Version) return;
        var applied = await commits.ApplyAsync(committed.Version).ConfigureAwait(false);
        AdminLog.CommittedNotRunning(log, committed.Version, running, applied.Message);
        reportEvent(EventName.ConfigRecovered, $"version {committed.Version} is committed but the host ran on version {running}; applied at start: {applied.Message}");
    }
}
