using System.Globalization;

namespace Wharf.Cli.Remote;

/// <summary>
/// Another host's admin endpoint, as `--computer HOST[:PORT]` or `wharf reset COMPUTER[:PORT]`
/// names it (port 8172, IIS's management service port, by default), with how to prove who we are
/// (<c>--token-file</c>, <c>WHARF_TOKEN</c>, else a login asked for) and how to trust the host
/// (<c>--ca-file</c>, else its certificate pinned in known_hosts; <c>--accept-new-host</c> pins a
/// first one without asking).
/// </summary>
internal sealed record RemoteTarget(string Host, int Port)
{
    public const int DefaultPort = 8172;
    public const string TokenVariable = "WHARF_TOKEN";

    private static readonly AsyncLocal<RemoteTarget?> Ambient = new();

    public string? TokenFile { get; init; }
    public string? CaFile { get; init; }
    public bool AcceptNewHost { get; init; }
    public string? KnownHostsFile { get; init; }
    public CliConsole Console { get; init; } = new(TextWriter.Null, TextWriter.Null, false);

    /// <summary>The remote host of the command running now (set from --computer); null when the command is local.</summary>
    public static RemoteTarget? Current => Ambient.Value;

    /// <summary>As the known_hosts file and messages write it: <c>host:port</c>, an IPv6 address in brackets.</summary>
    public string Name => (Host.Contains(':') ? $"[{Host}]" : Host) + ":" + Port.ToString(CultureInfo.InvariantCulture);

    public Uri BaseAddress => new($"https://{(Host.Contains(':') ? $"[{Host}]" : Host)}:{Port.ToString(CultureInfo.InvariantCulture)}/");

    /// <summary>Makes this the remote host of the command until the result is disposed.</summary>
    public IDisposable Use()
    {
        var previous = Ambient.Value;
        Ambient.Value = this;
        return new Restore(previous);
    }

    /// <summary><c>host</c>, <c>host:port</c>, <c>[v6]:port</c> or a bare IPv6 address; null with the reason when it is none of them.</summary>
    public static (RemoteTarget? Target, string? Problem) Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return (null, "an empty computer name");
        var host = text;
        var port = DefaultPort;
        string? portText = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0) return (null, $"'{text}': an IPv6 address in brackets needs its ']'");
            host = text[1..close];
            if (close + 1 < text.Length)
            {
                if (text[close + 1] != ':') return (null, $"'{text}': write [ADDRESS]:PORT");
                portText = text[(close + 2)..];
            }
        }
        else if (text.Count(c => c == ':') == 1)
        {
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            host = text[..colon];
            portText = text[(colon + 1)..];
        }
        if (portText is not null && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
            return (null, $"'{text}': the port must be 1 to 65535");
        if (host.Length == 0 || host.Any(c => char.IsWhiteSpace(c) || c is '/' or '@' or '?' or '#'))
            return (null, $"'{text}' is not a host name or address");
        return (new RemoteTarget(host, port), null);
    }

    /// <summary>Whether the text names a port, so that it means the HTTPS endpoint even for this machine.</summary>
    public static bool NamesPort(string text) =>
        text.StartsWith('[') ? text.Contains("]:", StringComparison.Ordinal) : text.Count(c => c == ':') == 1;

    public static string DefaultKnownHostsFile(Func<string, string?> environment)
    {
        var config = environment("XDG_CONFIG_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(environment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.Combine(config, "wharf", "known_hosts");
    }

    private sealed class Restore(RemoteTarget? previous) : IDisposable
    {
        public void Dispose() => Ambient.Value = previous;
    }
}
