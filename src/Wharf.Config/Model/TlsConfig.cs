using System.Text.Json.Serialization;
using Wharf.Config.Json;

namespace Wharf.Config.Model;

/// <summary>
/// <c>tls</c>: the one policy of every TLS endpoint (the sites' https bindings, the admin
/// service's 8172, and later FTPS and the STARTTLS of SMTP and NNTP). Only TLS 1.2 and 1.3, and
/// only forward-secret AEAD suites (<see cref="TlsSuites.Allowed"/>); an administrator may narrow
/// either list, never widen it.
/// </summary>
public sealed record TlsConfig
{
    public IReadOnlyList<TlsProtocol> Protocols { get; init; } = [TlsProtocol.Tls12, TlsProtocol.Tls13];

    /// <summary>IANA names (<c>TLS_AES_128_GCM_SHA256</c>, <c>TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256</c>), in the server's order of preference.</summary>
    public IReadOnlyList<string> CipherSuites { get; init; } = TlsSuites.Allowed;

    public bool Equals(TlsConfig? other) =>
        other is not null && Protocols.SequenceEqual(other.Protocols) && CipherSuites.SequenceEqual(other.CipherSuites, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Protocols.Count, CipherSuites.Count);
}

[JsonConverter(typeof(CamelCaseEnumConverter<TlsProtocol>))]
public enum TlsProtocol
{
    Tls12,
    Tls13,
}

/// <summary>The suites the policy may name: TLS 1.3's, and TLS 1.2's ECDHE with AES-GCM or ChaCha20-Poly1305 (no CBC, no RSA key exchange).</summary>
public static class TlsSuites
{
    public static readonly IReadOnlyList<string> Tls13 =
    [
        "TLS_AES_128_GCM_SHA256",
        "TLS_AES_256_GCM_SHA384",
        "TLS_CHACHA20_POLY1305_SHA256",
    ];

    public static readonly IReadOnlyList<string> Tls12 =
    [
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
    ];

    public static readonly IReadOnlyList<string> Allowed = [.. Tls13, .. Tls12];
}
