using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Wharf.Hosting;
using Wharf.Hosting.Native;

namespace Wharf.Supervisor;

/// <summary>
/// Every listening socket, held by the supervisor for the life of the host so that connections
/// wait in the kernel's backlog while a service restarts. Sockets come from systemd (LISTEN_FDS),
/// from the previous supervisor image (/reboot), or are bound here.
/// </summary>
internal sealed class ListenerTable(ILogger log) : IDisposable
{
    private const int Backlog = 4096;
    private readonly Dictionary<string, Socket> _open = new(StringComparer.Ordinal);
    private readonly List<Socket> _adopted = [];
    private readonly Dictionary<string, string> _unixPaths = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Takes sockets passed by systemd socket activation or by a /reboot; matched to specs later by local endpoint.</summary>
    public void AdoptInherited()
    {
        foreach (var (name, fd) in InheritedListeners.Parse(Environment.GetEnvironmentVariable(EnvironmentNames.RebootListenFds)))
        {
            Libc.SetInheritable(fd, false);
            lock (_lock) _open[name] = InheritedListeners.OpenSocket(fd);
        }
        Environment.SetEnvironmentVariable(EnvironmentNames.RebootListenFds, null);

        // sd_listen_fds(3): descriptors from 3, for this pid only.
        if (Environment.GetEnvironmentVariable(EnvironmentNames.SystemdListenPid) == Environment.ProcessId.ToString()
            && int.TryParse(Environment.GetEnvironmentVariable(EnvironmentNames.SystemdListenFds), out var count))
        {
            for (var fd = 3; fd < 3 + count; fd++)
            {
                Libc.SetInheritable(fd, false);
                _adopted.Add(InheritedListeners.OpenSocket(fd));
            }
            log.LogInformation("Took {Count} socket(s) from systemd socket activation", count);
        }
        foreach (var name in new[] { EnvironmentNames.SystemdListenFds, EnvironmentNames.SystemdListenPid, EnvironmentNames.SystemdListenFdNames })
            Environment.SetEnvironmentVariable(name, null);
    }

    /// <summary>Makes sure each spec has a listening socket; returns name to descriptor for them.</summary>
    public IReadOnlyDictionary<string, int> Ensure(IEnumerable<ListenerSpec> specs)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        lock (_lock)
        {
            foreach (var spec in specs)
            {
                if (!_open.TryGetValue(spec.Name, out var socket))
                {
                    socket = TakeAdopted(spec) ?? Bind(spec);
                    _open[spec.Name] = socket;
                }
                result[spec.Name] = (int)socket.SafeHandle.DangerousGetHandle();
            }
        }
        return result;
    }

    /// <summary>Closes the listeners of a service (or every one): from now on clients are refused.</summary>
    public void Close(Func<string, bool> which)
    {
        lock (_lock)
        {
            foreach (var name in _open.Keys.Where(which).ToArray())
            {
                _open[name].Dispose();
                _open.Remove(name);
                // A Unix socket file nobody listens on would answer "connection refused"; gone, it says "not running".
                if (_unixPaths.Remove(name, out var path)) File.Delete(path);
            }
        }
    }

    public IReadOnlyList<string> Names(string service)
    {
        lock (_lock) return _open.Keys.Where(n => n.StartsWith(service + "/", StringComparison.Ordinal)).Order().ToArray();
    }

    /// <summary>Name to descriptor of every open listener, made inheritable for an exec of the supervisor.</summary>
    public IReadOnlyDictionary<string, int> PrepareForExec()
    {
        lock (_lock)
        {
            var result = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (name, socket) in _open)
            {
                var fd = (int)socket.SafeHandle.DangerousGetHandle();
                Libc.SetInheritable(fd, true);
                result[name] = fd;
            }
            return result;
        }
    }

    private Socket? TakeAdopted(ListenerSpec spec)
    {
        if (spec.IsUnix) return null;
        var wanted = spec.ToIPEndPoint();
        foreach (var socket in _adopted)
        {
            if (socket.LocalEndPoint is not IPEndPoint local || local.Port != wanted.Port) continue;
            var matches = spec.IsWildcard
                ? local.Address.Equals(IPAddress.Any) || local.Address.Equals(IPAddress.IPv6Any)
                : local.Address.Equals(wanted.Address) || local.Address.Equals(wanted.Address.MapToIPv6());
            if (!matches) continue;
            _adopted.Remove(socket);
            log.LogInformation("Listener {Name} is systemd's socket", spec.Name);
            return socket;
        }
        return null;
    }

    private Socket Bind(ListenerSpec spec)
    {
        if (spec.IsUnix) return BindUnix(spec);
        var endpoint = spec.ToIPEndPoint();
        try
        {
            return BindTo(endpoint, dualMode: spec.IsWildcard);
        }
        catch (SocketException e) when (spec.IsWildcard && e.SocketErrorCode is SocketError.AddressFamilyNotSupported or SocketError.AddressNotAvailable)
        {
            // A machine without IPv6: every IPv4 address is what "*" means there.
            return BindTo(new IPEndPoint(IPAddress.Any, spec.Port), dualMode: false);
        }
        catch (SocketException e)
        {
            throw new ListenerException(spec, e);
        }
    }

    private Socket BindUnix(ListenerSpec spec)
    {
        var path = spec.UnixPath!;
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            // A file left by a supervisor that died: this one owns the data root now (the control
            // socket, bound first, already proved no other supervisor answers here).
            File.Delete(path);
            socket.Bind(new UnixDomainSocketEndPoint(path));
            // Anyone may connect; the service checks each caller's peer credentials and refuses in plain words.
            File.SetUnixFileMode(path, (UnixFileMode)0b110_110_110);
            socket.Listen(Backlog);
            _unixPaths[spec.Name] = path;
            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new ListenerException(spec, e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static Socket BindTo(IPEndPoint endpoint, bool dualMode)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (dualMode && endpoint.AddressFamily == AddressFamily.InterNetworkV6) socket.DualMode = true;
            // Lets a restarted supervisor bind while old connections sit in TIME_WAIT.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(endpoint);
            socket.Listen(Backlog);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var socket in _open.Values) socket.Dispose();
            foreach (var socket in _adopted) socket.Dispose();
            foreach (var path in _unixPaths.Values) File.Delete(path);
            _unixPaths.Clear();
            _open.Clear();
            _adopted.Clear();
        }
    }
}

internal sealed class ListenerException(ListenerSpec spec, SocketException inner)
    : Exception($"cannot listen on {spec.Endpoint} for {spec.Service}: {Describe(inner)}", inner)
{
    public ListenerSpec Spec { get; } = spec;

    private static string Describe(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.AddressAlreadyInUse => "the address is already in use by another program (see `ss -ltnp`)",
        SocketError.AccessDenied => "permission denied (ports under 1024 need root or CAP_NET_BIND_SERVICE)",
        SocketError.AddressNotAvailable => "no such address on this machine",
        _ => e.Message,
    };
}
