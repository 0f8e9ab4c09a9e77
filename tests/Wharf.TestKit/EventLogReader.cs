using System.Text.Json.Nodes;

namespace Wharf.TestKit;

/// <summary>Reads and awaits lines of a host's logs/events.log.</summary>
public sealed class EventLogReader(string path)
{
    public IReadOnlyList<JsonNode> All()
    {
        if (!File.Exists(path)) return [];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonNode.Parse(l)!).ToArray();
    }

    /// <summary>
    /// The first event that matches, waiting (bounded) for it to be written. A FileSystemWatcher
    /// wakes the wait; a slow re-check covers changes it may coalesce.
    /// </summary>
    public async Task<JsonNode> WaitForAsync(Func<JsonNode, bool> match, TimeSpan timeout, string what)
    {
        using var changed = new SemaphoreSlim(0);
        using var watcher = new FileSystemWatcher(Path.GetDirectoryName(path)!, Path.GetFileName(path));
        watcher.Changed += (_, _) => changed.Release();
        watcher.Created += (_, _) => changed.Release();
        watcher.EnableRaisingEvents = true;
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (All().FirstOrDefault(match) is { } found) return found;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
                throw new TimeoutException($"no event {what} within {timeout}; events so far:\n{string.Join("\n", All().Select(e => e.ToJsonString()))}");
            await changed.WaitAsync(left < TimeSpan.FromMilliseconds(500) ? left : TimeSpan.FromMilliseconds(500));
        }
    }

    public static bool Is(JsonNode e, string service, string @event, int? pid = null) =>
        (string?)e["service"] == service && (string?)e["event"] == @event && (pid is null || (int?)e["pid"] == pid);
}
