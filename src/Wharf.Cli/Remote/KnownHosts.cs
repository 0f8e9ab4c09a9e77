namespace Wharf.Cli.Remote;

internal enum HostTrust { Known, Unknown, Changed }

/// <summary>
/// <c>~/.config/wharf/known_hosts</c>, as SSH keeps its own: one line per host, <c>host:port
/// AB:CD:...</c>, the SHA-256 fingerprint of the certificate the host showed the first time.
/// A host whose certificate no longer matches is refused until its line is removed by hand.
/// </summary>
internal sealed class KnownHosts(string path)
{
    public string Path { get; } = path;

    public (HostTrust Trust, string? Pinned) Check(string host, string fingerprint)
    {
        foreach (var (name, pinned) in Read())
            if (string.Equals(name, host, StringComparison.OrdinalIgnoreCase))
                return (pinned == fingerprint ? HostTrust.Known : HostTrust.Changed, pinned);
        return (HostTrust.Unknown, null);
    }

    /// <summary>Adds a line for a host not yet in the file; the file and its folder are the user's alone.</summary>
    public void Add(string host, string fingerprint)
    {
        var folder = System.IO.Path.GetDirectoryName(Path)!;
        Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var stream = new FileStream(Path, new FileStreamOptions
        {
            Mode = FileMode.Append, Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        using var writer = new StreamWriter(stream);
        writer.Write($"{host} {fingerprint}\n");
    }

    private IEnumerable<(string Host, string Fingerprint)> Read()
    {
        if (!File.Exists(Path)) yield break;
        foreach (var line in File.ReadLines(Path))
        {
            var text = line.Trim();
            if (text.Length == 0 || text.StartsWith('#')) continue;
            var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2) yield return (parts[0], parts[1]);
        }
    }
}
