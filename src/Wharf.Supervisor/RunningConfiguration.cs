using Wharf.Config;

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

        var snapshot = SnapshotPath(context.Root);
        ConfigWriter.WriteDurably(snapshot, text);
        context.ConfigText = text;
        context.Config = loaded.Config!;
        context.ConfigPath = snapshot;
        return [];
    }
}
