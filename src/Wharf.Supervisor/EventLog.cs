using System.Text;
using System.Text.Json;
using Wharf.Hosting.Control;

namespace Wharf.Supervisor;

/// <summary>
/// <c>logs/events.log</c>: one JSON line per state change. The supervisor is its only writer;
/// services report their events to it over the control channel.
/// </summary>
internal sealed class EventLog(string path, TimeProvider time, long maxBytes = EventLog.DefaultMaxBytes, int keep = EventLog.DefaultKeep)
{
    // Rolled by size so a crash loop on a small disk cannot fill it: events.log.1 is the newest old file.
    public const long DefaultMaxBytes = 16 * 1024 * 1024;
    public const int DefaultKeep = 5;

    private readonly Lock _lock = new();

    public void Write(string service, EventName @event, string? message = null, int? pid = null,
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
                var bytes = Encoding.UTF8.GetBytes(line);
                // Roll before the write that would pass the limit, so the current file always holds the newest event.
                var info = new FileInfo(path);
                if (info.Exists && info.Length > 0 && info.Length + bytes.Length > maxBytes) Roll();
                using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
                stream.Write(bytes);
            }
            catch (IOException e)
            {
                // The supervisor must not fail because its log cannot be written; say so where it can.
                Console.Error.WriteLine($"wharf: cannot write {path}: {e.Message}; event was: {line.TrimEnd()}");
            }
        }
    }

    private void Roll()
    {
        File.Delete($"{path}.{keep}");
        for (var i = keep - 1; i >= 1; i--)
            if (File.Exists($"{path}.{i}")) File.Move($"{path}.{i}", $"{path}.{i + 1}");
        File.Move(path, $"{path}.1");
    }

    /// <summary>The last <paramref name="count"/> events, oldest first.</summary>
    public IReadOnlyList<EventRecord> ReadRecent(int count)
    {
        lock (_lock) return EventLogFile.ReadRecent(path, count);
    }
}
