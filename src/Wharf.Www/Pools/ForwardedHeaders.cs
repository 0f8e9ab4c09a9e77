using System.Net;
using Microsoft.AspNetCore.Http;

namespace Wharf.Www.Pools;

/// <summary>
/// What a worker is told about the client. The worker trusts these headers
/// (ASPNETCORE_FORWARDEDHEADERS_ENABLED=true), so whatever a client sent under these names is
/// dropped first: a client could otherwise claim any address or scheme. The Host header stays
/// the client's own.
/// </summary>
internal static class ForwardedHeaders
{
    public const string For = "X-Forwarded-For";
    public const string Proto = "X-Forwarded-Proto";
    public const string Host = "X-Forwarded-Host";

    /// <summary>Every header by which a proxy speaks for a client (RFC 7239's Forwarded and the de facto X-Forwarded-*).</summary>
    public static readonly string[] Dropped = [For, Proto, Host, "X-Forwarded-Prefix", "Forwarded"];

    public static void Apply(HttpContext context, HttpRequestMessage proxyRequest)
    {
        var headers = proxyRequest.Headers;
        foreach (var name in Dropped) headers.Remove(name);

        var request = context.Request;
        if (ClientAddress(context.Connection.RemoteIpAddress) is { } client) headers.TryAddWithoutValidation(For, client);
        headers.TryAddWithoutValidation(Proto, request.IsHttps ? "https" : "http");
        if (request.Host.HasValue) headers.TryAddWithoutValidation(Host, request.Host.Value);
    }

    /// <summary>As the client's socket shows it, IPv4 written as IPv4 even on a dual-stack listener.</summary>
    public static string? ClientAddress(IPAddress? address) =>
        address is null ? null : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
}
