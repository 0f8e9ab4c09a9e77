using System.Text.Json;

namespace Wharf.Admin.Metrics;

/// <summary>
/// The last hour of chart points: a ring of <see cref="Capacity"/> samples, one every
/// <see cref="IntervalSeconds"/> s, oldest first. Kept in a file by rename (written whole to a
/// temporary file, flushed, renamed), so a restart of the admin service keeps the charts and a
/// crash leaves the previous file or the new one, never half of one.
/// </summary>
internal sealed class MetricsHistory(string path)
{
    public const int IntervalSeconds = 5;
    public const int Capacity = 3600 / IntervalSeconds;

    private readonly Lock _lock = new();
    private readonly Queue<MetricsSample> _samples = new(Capacity);

    // The file's write time when this process last read or wrote it (File.GetLastWriteTimeUtc's answer for a missing file: 1601).
    private DateTime _fileStamp = DateTime.FromFileTimeUtc(0);

    public string Path { get; } = path;

    public int Count
    {
        get { lock (_lock) return _samples.Count; }
    }

    public void Add(MetricsSample sample)
    {
        lock (_lock)
        {
            if (_samples.Count == Capacity) _samples.Dequeue();
            _samples.Enqueue(sample);
        }
    }

    /// <summary>The samples of the last <paramref name="minutes"/> minutes before <paramref name="now"/>, oldest first.</summary>
    public IReadOnlyList<MetricsSample> Since(DateTimeOffset now, int minutes)
    {
        var from = now - TimeSpan.FromMinutes(minutes);
        lock (_lock) return _samples.Where(s => s.T > from).ToArray();
    }

    public MetricsHistoryDocument Document(DateTimeOffset now, int minutes) =>
        new() { IntervalSeconds = IntervalSeconds, Samples = Since(now, minutes) };

    /// <summary>
    /// Takes up what the file holds from before the samples held here: at start, and again when
    /// another process saved it since (the previous admin process of an overlapped restart saves
    /// when it stops, after this one started). A missing file is no history; an unreadable one is
    /// reported (the charts go on without it).
    /// </summary>
    public string? Merge(DateTimeOffset now)
    {
        DateTime stamp;
        MetricsHistoryDocument? document;
        try
        {
            stamp = File.GetLastWriteTimeUtc(Path);
            if (stamp == _fileStamp) return null;
            using var file = File.OpenRead(Path);
            document = JsonSerializer.Deserialize(file, MetricsJsonContext.Default.MetricsHistoryDocument);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            _fileStamp = File.Exists(Path) ? File.GetLastWriteTimeUtc(Path) : default;
            return $"{Path} could not be read, so the charts start without it: {e.Message}";
        }
        _fileStamp = stamp;
        var from = now - TimeSpan.FromHours(1);
        lock (_lock)
        {
            var oldest = _samples.Count == 0 ? DateTimeOffset.MaxValue : _samples.Peek().T;
            // A clock set back leaves points "from the future": they are dropped with those beyond the hour.
            var earlier = (document?.Samples ?? []).Where(s => s.T > from && s.T < oldest && s.T <= now).OrderBy(s => s.T);
            var merged = earlier.Concat(_samples).TakeLast(Capacity).ToArray();
            _samples.Clear();
            foreach (var sample in merged) _samples.Enqueue(sample);
        }
        return null;
    }

    /// <summary>Writes the history by rename; throws what the disk refused.</summary>
    public void Save(DateTimeOffset now)
    {
        // What the previous process saved after this one last looked is kept, not overwritten.
        Merge(now);
        var document = Document(now, 60);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        // Its own temporary name: the two processes of an overlapped restart may both save.
        var temporary = $"{Path}.{Environment.ProcessId}.tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(file, document, MetricsJsonContext.Default.MetricsHistoryDocument);
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, Path, overwrite: true);
        _fileStamp = File.GetLastWriteTimeUtc(Path);
    }
}
