using System.Net.Sockets;
using Wharf.Hosting.Native;

namespace Wharf.Hosting;

/// <summary>Parses and writes <c>name=fd,name=fd</c>, the form WHARF_LISTEN_FDS takes.</summary>
public static class InheritedListeners
{
    public static IReadOnlyDictionary<string, int> Parse(string? value)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(value)) return result;
        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.LastIndexOf('=');
            if (eq <= 0 || !int.TryParse(part.AsSpan(eq + 1), out var fd) || fd < 0)
                throw new FormatException($"'{part}' in {EnvironmentNames.ListenFds} is not name=fd");
            result[part[..eq]] = fd;
        }
        return result;
    }

    public static string Format(IEnumerable<KeyValuePair<string, int>> listeners) =>
        string.Join(',', listeners.Select(l => $"{l.Key}={l.Value}"));

    /// <summary>
    /// Takes the listeners named in the environment and marks them close-on-exec, so that no
    /// program this process starts (a pool worker) inherits a listener.
    /// </summary>
    public static IReadOnlyDictionary<string, int> TakeFromEnvironment()
    {
        var fds = Parse(Environment.GetEnvironmentVariable(EnvironmentNames.ListenFds));
        foreach (var fd in fds.Values) Libc.SetInheritable(fd, false);
        return fds;
    }

    /// <summary>A <see cref="Socket"/> over an inherited descriptor, for the line-protocol services.</summary>
    public static Socket OpenSocket(int fd) => new(new SafeSocketHandle(fd, ownsHandle: true));
}
