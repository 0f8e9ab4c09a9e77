using System.Text;
using System.Text.Json;

namespace Wharf.Hosting.Control;

/// <summary>Reads <c>logs/events.log</c> (JSON lines, rolled to events.log.1, .2, ...) for status, the admin API and the console.</summary>
public static class EventLogFile
{
    /// <summary>The last <paramref name="count"/> events, oldest first, reaching into the newest rolled file when the current one is short.</summary>
    public static IReadOnlyList<EventRecord> ReadRecent(string path, int count)
    {
        var records = Parse(Tail(path));
        if (records.Count < count) records.InsertRange(0, Parse(Tail($"{path}.1")));
        return records.Count <= count ? records : records[^count..];
    }

    private static string Tail(string file)
    {
        const int TailBytes = 64 * 1024;
        if (!File.Exists(file)) return "";
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var start = Math.Max(0, stream.Length - TailBytes);
        stream.Seek(start, SeekOrigin.Begin);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = reader.ReadToEnd();
        return start > 0 ? text[(text.IndexOf('\n') + 1)..] : text;
    }

    private static List<EventRecord> Parse(string text)
    {
        var records = new List<EventRecord>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            try
            {
                if (JsonSerializer.Deserialize(line, HostingJsonContext.Default.EventRecord) is { } r) records.Add(r);
            }
            catch (JsonException)
            {
                // A line cut by a crash mid-write is skipped; the lines around it still count.
            }
        }
        return records;
    }
}
