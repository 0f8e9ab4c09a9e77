using System.Buffers;
using System.Text;
using Wharf.Config.Model;

namespace Wharf.Www.Logging;

/// <summary>
/// One site's W3C log. Requests hand entries to <see cref="TryEnqueue"/>; everything else runs
/// on the writer's one background task (<see cref="W3cLogWriter"/>): choosing the file for the
/// entry's time, the header block, formatting, and writing whole lines with O_APPEND.
/// </summary>
internal sealed class SiteLog
{
    private static readonly string ComputerName = Environment.MachineName;

    private readonly W3cLogWriter _writer;
    private SiteLogSettings _settings;

    // Owned by the writer's task.
    private readonly StringBuilder _pending = new();
    private SiteLogSettings? _openSettings;
    private AppendOnlyFile? _file;
    private DateTime _periodStart = DateTime.MinValue;
    private DateTime _periodEnd = DateTime.MinValue;
    private int _number;
    private DateTimeOffset _retryOpenAt = DateTimeOffset.MinValue;
    private bool _failing;

    internal SiteLog(W3cLogWriter writer, SiteLogSettings settings)
    {
        _writer = writer;
        _settings = settings;
    }

    public SiteLogSettings Settings => Volatile.Read(ref _settings);

    /// <summary>The file written last (null before the first entry or after a failure).</summary>
    public string? CurrentPath => _file?.Path;

    /// <summary>Set when the site is gone from the configuration; the writer closes the file once it has written what is left.</summary>
    public bool IsRetired { get; private set; }

    /// <summary>Never blocks: false when the queue is full (the entry is dropped and counted).</summary>
    public bool TryEnqueue(in W3cLogEntry entry) => _writer.TryEnqueue(entry);

    /// <summary>A new configuration: the next entry goes to a file opened with a fresh header block.</summary>
    public void Configure(SiteLogSettings settings) => Volatile.Write(ref _settings, settings);

    public void Retire()
    {
        IsRetired = true;
        _writer.Wake(this);
    }

    public int PendingChars => _pending.Length;

    /// <summary>Writer task: formats the entry into the pending text of the file it belongs in.</summary>
    internal void Append(in W3cLogEntry entry)
    {
        var settings = entry.Settings ?? Settings;
        if (!EnsureFile(settings, entry.Time)) return;
        W3cFieldWriter.AppendLine(_pending, settings.Fields.Fields, entry, settings.SiteName, ComputerName);

        // By size (IIS's MaxSize): the file that reaches truncateSize is the last to get lines.
        if (settings.Period == LogPeriod.MaxSize && _file!.Length + _pending.Length >= settings.TruncateSize)
        {
            Flush();
            CloseFile();
            _number++;
        }
    }

    /// <summary>Writer task: one write(2) of whole lines.</summary>
    internal void Flush()
    {
        if (_pending.Length == 0 || _file is null) return;
        var text = _pending.ToString();
        _pending.Clear();
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, buffer);
            _file.Write(buffer.AsSpan(0, length));
            Recovered();
        }
        catch (IOException e)
        {
            Failed(_file.Path, e);
            CloseFile();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    internal void CloseFile()
    {
        _file?.Dispose();
        _file = null;
        _openSettings = null;
    }

    private bool EnsureFile(SiteLogSettings settings, DateTime time)
    {
        if (_file is not null && !ReferenceEquals(settings, _openSettings) && !settings.Equals(_openSettings))
        {
            Flush();
            CloseFile();
            _number = 0;
        }
        else if (_file is not null)
        {
            _openSettings = settings;
        }

        if (_file is not null && settings.Period != LogPeriod.MaxSize && time >= _periodEnd)
        {
            Flush();
            CloseFile();
        }
        if (_file is not null) return true;

        var now = _writer.Time.GetUtcNow();
        if (now < _retryOpenAt) return false;

        string path;
        if (settings.Period == LogPeriod.MaxSize)
        {
            path = Path.Combine(settings.Folder, W3cFileNames.ForNumber(NextNumber(settings)));
        }
        else
        {
            // An entry that finished just before the boundary but reached the writer after a newer
            // one goes into the newer file: a file, once left, is not reopened.
            if (time < _periodStart) time = _periodStart;
            _periodStart = W3cFileNames.PeriodStart(settings.Period, time);
            _periodEnd = W3cFileNames.PeriodEnd(settings.Period, time);
            path = Path.Combine(settings.Folder, W3cFileNames.ForTime(settings.Period, time));
        }

        try
        {
            _file = AppendOnlyFile.Open(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Failed(path, e);
            _retryOpenAt = now + W3cLogWriter.RetryOpenAfter;
            return false;
        }
        _openSettings = settings;
        // IIS writes the header at the start of each file and again whenever it starts appending
        // to an existing one (a service restart), so every block of lines has its #Fields.
        W3cFieldWriter.AppendHeader(_pending, W3cLogWriter.Software, time, settings.Fields.Names);
        return true;
    }

    private int NextNumber(SiteLogSettings settings)
    {
        if (_number == 0)
        {
            _number = Math.Max(1, W3cFileNames.HighestNumber(settings.Folder));
            var existing = new FileInfo(Path.Combine(settings.Folder, W3cFileNames.ForNumber(_number)));
            if (existing.Exists && existing.Length >= settings.TruncateSize) _number++;
        }
        return _number;
    }

    private void Failed(string path, Exception e)
    {
        _pending.Clear();
        if (_failing) return;
        _failing = true;
        _writer.ReportFailure(this, path, e);
    }

    private void Recovered()
    {
        if (!_failing) return;
        _failing = false;
        _writer.ReportRecovery(this, _file!.Path);
    }
}
