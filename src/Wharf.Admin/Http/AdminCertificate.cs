using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Wharf.Admin.Http;

/// <summary>
/// The certificate of the HTTPS endpoint (PEM files named by <c>admin.https</c>), taken again from
/// disk when the files change, looked at on a handshake at most once a second as www's
/// certificates are. A replacement that does not load leaves the previous one serving, said once.
/// </summary>
internal sealed class AdminCertificate
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly string _certificateFile;
    private readonly string _keyFile;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly Lock _refreshing = new();
    private Loaded _current;
    private long _nextCheck;
    private Stamp? _failedAt;

    /// <exception cref="IOException">The files cannot be read or are not a PEM certificate and key.</exception>
    public AdminCertificate(string certificateFile, string keyFile, TimeProvider time, ILogger log)
    {
        _certificateFile = certificateFile;
        _keyFile = keyFile;
        _time = time;
        _log = log;
        _current = Load();
        _nextCheck = time.GetTimestamp();
    }

    public X509Certificate2 Leaf => Volatile.Read(ref _current).Leaf;

    public SslStreamCertificateContext Current
    {
        get
        {
            var now = _time.GetTimestamp();
            if (now >= Volatile.Read(ref _nextCheck) && Interlocked.Exchange(ref _nextCheck, now + (long)(CheckInterval.TotalSeconds * _time.TimestampFrequency)) <= now)
                Refresh();
            return Volatile.Read(ref _current).Context;
        }
    }

    private void Refresh()
    {
        lock (_refreshing)
        {
            var stamp = Stamp.Of(_certificateFile, _keyFile);
            if (stamp == _current.Stamp || stamp == _failedAt) return;
            try
            {
                _current = Load();
                _failedAt = null;
                _log.LogInformation("Reloaded the admin endpoint's certificate {File} ({Subject}, SHA-256 {Fingerprint})", _certificateFile, _current.Leaf.Subject, _current.Leaf.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256));
            }
            catch (IOException e)
            {
                _failedAt = stamp;
                _log.LogError("The admin endpoint's new certificate does not load; the previous one keeps serving: {Reason}", e.Message);
            }
        }
    }

    private Loaded Load()
    {
        var stamp = Stamp.Of(_certificateFile, _keyFile);
        try
        {
            var leaf = X509Certificate2.CreateFromPemFile(_certificateFile, _keyFile);
            var chain = new X509Certificate2Collection();
            chain.ImportFromPemFile(_certificateFile);
            var intermediates = new X509Certificate2Collection();
            foreach (var certificate in chain)
                if (certificate.Thumbprint != leaf.Thumbprint) intermediates.Add(certificate);
            return new Loaded(SslStreamCertificateContext.Create(leaf, intermediates, offline: true), leaf, stamp);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or ArgumentException or UnauthorizedAccessException or FileNotFoundException or DirectoryNotFoundException)
        {
            throw new IOException($"the admin endpoint's certificate {_certificateFile} with key {_keyFile} cannot be loaded: {e.Message}", e);
        }
    }

    private sealed record Loaded(SslStreamCertificateContext Context, X509Certificate2 Leaf, Stamp Stamp);

    private readonly record struct Stamp(DateTime Certificate, DateTime Key, long Length)
    {
        public static Stamp Of(string certificate, string key)
        {
            var c = new FileInfo(certificate);
            var k = new FileInfo(key);
            return new(c.Exists ? c.LastWriteTimeUtc : default, k.Exists ? k.LastWriteTimeUtc : default, (c.Exists ? c.Length : -1) + (k.Exists ? k.Length : -1));
        }
    }
}
