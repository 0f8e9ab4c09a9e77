using System.Net;

namespace Wharf.Hosting;

/// <summary>
/// A listening socket a service needs. The supervisor binds it; the service inherits it.
/// <see cref="Name"/> is canonical (<c>www/127.0.0.1:8080</c>, <c>www/*:8080</c>) so the same
/// socket is recognised across reloads, reboots and systemd's LISTEN_FDNAMES.
/// </summary>
public sealed record ListenerSpec(string Service, string Address, int Port)
{
    public string Name => $"{Service}/{Endpoint}";

    public string Endpoint => Address.Contains(':') ? $"[{Address}]:{Port}" : $"{Address}:{Port}";

    public bool IsWildcard => Address == "*";

    public IPEndPoint ToIPEndPoint() =>
        new(IsWildcard ? IPAddress.IPv6Any : IPAddress.Parse(Address), Port);
}
