using Wharf.Config;
using Wharf.Config.Model;
using Wharf.Config.Store;
using Wharf.Hosting.Control;
using Wharf.Hosting.Native;

namespace Wharf.Supervisor;

/// <summary>
/// The configuration the host runs on. It changes only when the file is valid: the file is read
/// at start and again by every reset that starts processes (edit wharf.json, then `wharf reset`,
/// as an IIS administrator would), and a valid text is copied to a snapshot that the services
/// read, so a half-saved or broken file never reaches them.
/// </summary>
internal static class RunningConfiguration
{
    public static string SnapshotPath(DataRoot root) => Path.Combine(root.RunFolder, "wharf.running.json");

    /// <summary>Adopts the file if it is valid and different; returns its errors otherwise, leaving the running configuration as it was.</summary>
    public static IReadOnlyList<ConfigError> Refresh(SupervisorContext context)
    {
        string text;
        try
        {
            text = File.ReadAllText(context.Root.ConfigFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [new ConfigError("", $"cannot read {context.Root.ConfigFile}: {e.Message}")];
        }
        var loaded = ConfigReader.Parse(text);
        if (!loaded.IsValid) return loaded.Errors;
        if (text == context.ConfigText) return [];

        Adopt(context, text, loaded.Config!);
        return [];
    }

    /// <summary>
    /// At start: wharf.json when valid; otherwise the newest valid version in history, loudly
    /// (stderr, the event log, status), so a bad edit never keeps the host down. Returns the
    /// file's errors when there is nothing valid to run on.
    /// </summary>
    public static IReadOnlyList<ConfigError> LoadAtStart(SupervisorContext context)
    {
        // First, so that the file read next is what the store holds once a commit cut short is finished.
        KeepStartVersion(context);
        var start = ConfigStore.LoadForStart(context.Root);
        if (start.Config is null) return start.FileErrors.Count > 0 ? start.FileErrors : [new ConfigError("", "no configuration")];
        Adopt(context, start.Text!, start.Config);
        if (start.FellBack)
        {
            var note = $"{context.Root.ConfigFile} is invalid ({string.Join("; ", start.FileErrors)}); running on version {start.Version} from {start.SourcePath} until it is fixed";
            context.ConfigNote = note;
            Console.Error.WriteLine($"wharf: {note}");
            context.Events.Write("supervisor", EventName.ConfigFallback, note);
        }
        return [];
    }

    /// <summary>
    /// Finishes a commit cut short and puts wharf.json's version into history when history lacks it (see ConfigStore.KeepStartVersion),
    /// before the admin service starts: otherwise an edit made right after the start would be
    /// taken by the admin service's first check as the start version itself. A store that
    /// cannot be written now (a read-only data root) is left to that check.
    /// </summary>
    private static void KeepStartVersion(SupervisorContext context)
    {
        try
        {
            var actor = new Actor("(found at start)", Libc.geteuid(), Environment.ProcessId);
            if (new ConfigStore(context.Root, context.Time).KeepStartVersion(actor) is CommitResult.Committed kept)
                context.Events.Write("supervisor", EventName.ConfigRecovered,
                    $"version {kept.Now.Version} in {context.Root.ConfigFile} was not all in the store (a first start on a hand-written file, or a commit cut short); finished, see logs/audit.log");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            context.Events.Write("supervisor", EventName.Warning, $"cannot record the start version in history: {e.Message}");
        }
    }

    /// <summary>Reads a committed version from history; null and the errors when it is missing or invalid.</summary>
    public static (string? Text, WharfConfig? Config, IReadOnlyList<ConfigError> Errors) ReadVersion(DataRoot root, long version)
    {
        var path = root.HistoryFile(version);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, null, [new ConfigError("", $"cannot read {path}: {e.Message}")]);
        }
        var loaded = ConfigReader.Parse(text);
        return loaded.IsValid ? (text, loaded.Config, []) : (null, null, loaded.Errors);
    }

    /// <summary>From now on the host runs on this text; services started later read it from the snapshot.</summary>
    public static void Adopt(SupervisorContext context, string text, WharfConfig config)
    {
        // A reset and an apply may adopt at once: the snapshot on disk and the fields stay one pair.
        lock (AdoptLock)
        {
            var snapshot = SnapshotPath(context.Root);
            ConfigWriter.WriteDurably(snapshot, text);
            // Every service's settings are in it; a service reads its own view instead.
            if (ProcessLauncher.RunningAsRoot) DataRootModes.Private(snapshot);
            context.ConfigText = text;
            context.Config = config;
            context.ConfigPath = snapshot;
            context.ConfigNote = null;
        }
    }

    private static readonly Lock AdoptLock = new();
}
