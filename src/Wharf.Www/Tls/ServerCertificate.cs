using Microsoft.Extensions.Logging;
using Wharf.Hosting.Control;

namespace Wharf.Www.Tls;

/// <summary>
/// One certificate as served: what was loaded last, taken again from disk when its files change.
/// The files are looked at on a handshake, at most once per <see cref="CheckInterval"/>: a stat
/// of two or three files a second costs nothing beside a TLS handshake, needs no watcher (inotify
/// watches a name, and a certificate renewal replaces a symbolic link elsewhere), and cannot miss
/// a change the way a dropped event can. A certificate that fails to load keeps the previous one
/// serving; it is tried again at every check (a chmod or chown that fixes it changes no time
/// stamp), and the failure is logged once until the files or the reason change.
/// </summary>
internal sealed class ServerCertificate
{
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time;
    private readonly CertificateEvents _events;
    // A load slower than the interval must not race the next check's.
    private readonly Lock _refreshing = new();
    private LoadedCertificate _current;
    private long _nextCheck;
    private (FileStamp Stamp, string Message)? _failure;

    public ServerCertificate(CertificateFiles files, string binding, LoadedCertificate loaded, TimeProvider time, CertificateEvents events)
    {
        Files = files;
        Binding = binding;
        _current = loaded;
        _time = time;
        _events = events;
        _nextCheck = time.GetTimestamp() + Ticks(CheckInterval);
        events.CheckValidity(this, loaded, time.GetUtcNow());
    }

    public CertificateFiles Files { get; }

    /// <summary>The first binding that named these files, for messages.</summary>
    public string Binding { get; }

    public LoadedCertificate Current
    {
        get
        {
            var now = _time.GetTimestamp();
            // One handshake per interval wins the check; the others go on with what is loaded.
            if (now >= Volatile.Read(ref _nextCheck) && Interlocked.Exchange(ref _nextCheck, now + Ticks(CheckInterval)) <= now)
                Refresh();
            return Volatile.Read(ref _current);
        }
    }

    /// <summary>
    /// The same certificate under a new version's binding name, with nothing read again: the
    /// files' next check decides whether they changed since this one loaded them.
    /// </summary>
    public ServerCertificate TakenOverBy(string binding) => new(Files, binding, Volatile.Read(ref _current), _time, _events);

    /// <summary>Loads the files again if they changed since the last load, or the last load failed.</summary>
    public void Refresh()
    {
        lock (_refreshing) RefreshLocked();
    }

    private void RefreshLocked()
    {
        var stamp = Files.Stamp();
        if (stamp == Volatile.Read(ref _current).Stamp && _failure is null) return;
        try
        {
            var loaded = CertificateLoader.Load(Files, Binding);
            Volatile.Write(ref _current, loaded);
            _failure = null;
            _events.Reloaded(this, loaded);
            _events.CheckValidity(this, loaded, _time.GetUtcNow());
        }
        catch (CertificateLoadException e)
        {
            var failure = (stamp, e.Message);
            if (_failure != failure) _events.ReloadFailed(this, e.Message);
            _failure = failure;
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);
}

/// <summary>Where a certificate's reloads are told: the log and the supervisor's event log.</summary>
internal sealed class CertificateEvents(ILogger log, Action<EventName, string?> reportEvent)
{
    public void Reloaded(ServerCertificate certificate, LoadedCertificate loaded)
    {
        WwwLog.CertificateReloaded(log, certificate.Binding, certificate.Files.Certificate, loaded.Leaf.Subject, loaded.Leaf.Thumbprint);
        reportEvent(EventName.CertificateReloaded, $"{certificate.Binding}: {certificate.Files.Certificate} ({loaded.Leaf.Subject}, thumbprint {loaded.Leaf.Thumbprint})");
    }

    /// <summary>Served all the same, as nginx and IIS do, but said: clients will refuse it.</summary>
    public void CheckValidity(ServerCertificate certificate, LoadedCertificate loaded, DateTimeOffset now)
    {
        var leaf = loaded.Leaf;
        if (now < leaf.NotBefore || now > leaf.NotAfter)
            WwwLog.CertificateNotValidNow(log, certificate.Binding, certificate.Files.Certificate, leaf.NotBefore.ToUniversalTime(), leaf.NotAfter.ToUniversalTime());
    }

    public void ReloadFailed(ServerCertificate certificate, string message)
    {
        WwwLog.CertificateReloadFailed(log, message);
        reportEvent(EventName.CertificateInvalid, message + "; the previous certificate keeps serving");
    }
}
