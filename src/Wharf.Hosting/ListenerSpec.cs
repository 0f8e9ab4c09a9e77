using System.Net;

namespace Wharf.Hosting;

/// <summary>
/// A listening socket a service needs. The supervisor binds it; the service inherits it.
/// <see cref="Name"/> is canonical (<c>www/127.0.0.1:8080</c>, <c>www/*:8080</c>,
/// <c>admin/unix:admin.sock</c>) so the same socket is recognised across reloads, reboots and
/// systemd's LISTEN_FDNAMES.
/// </summary>
public sealed record ListenerSpec(string Service, string Address, int Port)
{
    private const string UnixPrefix = "unix:";

    /// <summary>A Unix stream socket at <paramref name="path"/>, open to every local user (callers are checked by their peer credentials).</summary>
    public static ListenerSpec Unix(string service, string path) =>
        new(service, UnixPrefix + Path.GetFileName(path), 0) { UnixPath = path };

    /// <summary>The socket file of a Unix listener; kept out of <see cref="Name"/>, which travels in environment lists split on ',' and '='.</summary>
    public string? UnixPath { get; init; }

    public bool IsUnix => UnixPath is not null;

    public string Name => $"{Service}/{Endpoint}";

    public string Endpoint => IsUnix ? Address : Address.Contains(':') ? $"[{Address}]:{Port}" : $"{Address}:{Port}";

    public bool IsWildcard => Address == "*";

    public IPEndPoint ToIPEndPoint() => IsUnix
        ? throw new InvalidOperationException($"{Name} is a Unix socket, not an IP endpoint")
        : new(IsWildcard ? IPAddress.IPv6Any : IPAddress.Parse(Address), Port);
}
