using System.Text;
using System.Text.Json;
using Wharf.Hosting.Control;

namespace Wharf.Supervisor;

/// <summary>
/// <c>logs/events.log</c>: one JSON line per state change. The supervisor is its only writer;
/// services report their events to it over the control channel.
/// </summary>
internal sealed class EventLog(string path, TimeProvider time)
{
    private readonly Lock _lock = new();

    public void Write(string service, string @event, string? message = null, int? pid = null,
        int? exitCode = null, string? signal = null, long? connections = null)
    {
        var record = new EventRecord
        {
            Time = time.GetUtcNow(),
            Service = service,
            Event = @event,
            Pid = pid,
            ExitCode = exitCode,
            Signal = signal,
            Connections = connections,
            Message = message,
        };
        var line = JsonSerializer.Serialize(record, HostingJsonContext.Default.EventRecord) + "\n";
        lock (_lock)
        {
            try
            {
                using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
                stream.Write(Encoding.UTF8.GetBytes(line));
            }
            catch (IOException e)
            {
                // The supervisor must not fail because its log cannot be written; say so where it can.
                Console.Error.WriteLine($"wharf: cannot write {path}: {e.Message}; event was: {line.TrimEnd()}");
            }
        }
    }

    /// <summary>The last <paramref name="count"/> events, oldest first.</summary>
    public IReadOnlyList<EventRecord> ReadRecent(int count)
    {
        const int TailBytes = 64 * 1024;
        string text;
        lock (_lock)
        {
            if (!File.Exists(path)) return [];
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var start = Math.Max(0, stream.Length - TailBytes);
            stream.Seek(start, SeekOrigin.Begin);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            text = reader.ReadToEnd();
            if (start > 0) text = text[(text.IndexOf('\n') + 1)..];
        }
        var records = new List<EventRecord>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            try
            {
                if (JsonSerializer.Deserialize(line, HostingJsonContext.Default.EventRecord) is { } r) records.Add(r);
            }
            catch (JsonException) { }
        }
        return records.Count <= count ? records : records[^count..];
    }
}
