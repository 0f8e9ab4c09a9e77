using Microsoft.Extensions.Logging;
using Wharf.Admin.Api;
using Wharf.Config;
using Wharf.Config.Store;
using Wharf.Hosting.Control;

namespace Wharf.Admin.HandEdits;

/// <summary>What became of the last change to wharf.json made outside the API, for status.</summary>
internal sealed record HandEditReport(DateTimeOffset Time, string Outcome, long? Version, IReadOnlyList<ConfigError> Errors);

/// <summary>
/// Takes up config/wharf.json as found on disk: at start (finishing a commit a crash cut between
/// the rename and the history copy) and after every change the watcher sees (an edit by hand).
/// A valid file becomes the next version and is applied; an invalid one is reported once and the
/// running configuration stays.
/// </summary>
internal sealed class FileAdoption(DataRoot root, ConfigStore store, CommitPipeline commits, Action<EventName, string?> reportEvent, ILogger log)
{
    // Nothing says who saved the file; the audit line says so rather than guess.
    private static readonly Actor ByHand = new("(found on disk)", Hosting.Native.Libc.geteuid(), 0);
    private string? _lastReportedErrors;

    public HandEditReport? Last { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (_lastReportedErrors is null && commits.LastWritten is { } ours && ReadQuietly(root.ConfigFile) == ours) return;
        var (result, applied) = await commits.RunAsync(() => store.AdoptFileOnDisk(ByHand), cancellationToken).ConfigureAwait(false);
        switch (result)
        {
            case CommitResult.Committed c:
                _lastReportedErrors = null;
                var recovered = c.Action == AuditEntry.Recovered;
                Last = new HandEditReport(DateTimeOffset.UtcNow, recovered ? "recovered" : "adopted", c.Now.Version, []);
                reportEvent(recovered ? EventName.ConfigRecovered : EventName.ConfigHandEdit, recovered
                    ? $"{root.ConfigFile} holds version {c.Now.Version}, which history did not; kept as it is ({c.Changes.Count} change(s)); {applied?.Message}"
                    : $"{root.ConfigFile} was edited outside the API; it is version {c.Now.Version} now ({c.Changes.Count} change(s)); {applied?.Message}");
                break;
            case CommitResult.Invalid i:
                var errors = string.Join("; ", i.Errors);
                Last = new HandEditReport(DateTimeOffset.UtcNow, "invalid", null, i.Errors);
                if (errors == _lastReportedErrors) return;
                _lastReportedErrors = errors;
                log.LogWarning("{File} is invalid; the running configuration stays: {Errors}", root.ConfigFile, errors);
                reportEvent(EventName.ConfigInvalid, $"{root.ConfigFile} is invalid, so the running configuration stays: {errors}");
                break;
            case CommitResult.NoChange n:
                // Our own commit, or a save that changed nothing; an earlier invalid state is over.
                if (_lastReportedErrors is not null)
                {
                    Last = new HandEditReport(DateTimeOffset.UtcNow, "fixed", n.Current.Version, []);
                    reportEvent(EventName.ConfigFixed, $"{root.ConfigFile} is valid again; it holds version {n.Current.Version}, which is running");
                }
                _lastReportedErrors = null;
                break;
        }
    }

    private static string? ReadQuietly(string path)
    {
        try { return File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }
}
