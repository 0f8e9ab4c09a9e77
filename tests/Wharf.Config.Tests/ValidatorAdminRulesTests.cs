using Wharf.Config.Model;
using static Wharf.Config.Tests.Samples;

namespace Wharf.Config.Tests;

public sealed class ValidatorAdminRulesTests
{
    [Fact]
    public void The_default_tls_policy_and_admin_endpoint_are_valid_and_enabled_on_loopback_8172()
    {
        Assert.Empty(Errors(Valid));
        var admin = new AdminConfig();
        Assert.Equal((true, "127.0.0.1", 8172), (admin.Https.Enabled, admin.Https.Address, admin.Https.Port));
        Assert.Equal([TlsProtocol.Tls12, TlsProtocol.Tls13], new TlsConfig().Protocols);
    }

    [Theory]
    [InlineData("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256")]
    [InlineData("TLS_RSA_WITH_AES_128_GCM_SHA256")]
    [InlineData("TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA")]
    public void A_cbc_or_non_forward_secret_suite_is_refused_naming_it(string suite)
    {
        var error = OnlyError(Valid with { Tls = new TlsConfig { CipherSuites = [.. TlsSuites.Allowed, suite] } });

        Assert.Equal($"/tls/cipherSuites/{TlsSuites.Allowed.Count}", error.Path);
        Assert.Contains(suite, error.Message);
    }

    [Fact]
    public void An_empty_protocol_list_is_refused()
    {
        Assert.Equal("/tls/protocols", OnlyError(Valid with { Tls = new TlsConfig { Protocols = [] } }).Path);
    }

    [Fact]
    public void Tls13_without_a_tls13_suite_is_refused()
    {
        var error = OnlyError(Valid with { Tls = new TlsConfig { CipherSuites = TlsSuites.Tls12 } });

        Assert.Equal("/tls/cipherSuites", error.Path);
        Assert.Contains("TLS 1.3", error.Message);
    }

    [Fact]
    public void Tls13_alone_with_its_suites_is_valid()
    {
        Assert.Empty(Errors(Valid with { Tls = new TlsConfig { Protocols = [TlsProtocol.Tls13], CipherSuites = TlsSuites.Tls13 } }));
    }

    [Fact]
    public void The_admin_port_must_be_a_port_and_not_a_sites()
    {
        Assert.Equal("/admin/https/port", OnlyError(Valid with { Admin = new AdminConfig { Https = new AdminHttpsConfig { Port = 0 } } }).Path);
        var port = Valid.Sites[0].Bindings[0].Port;
        var clash = OnlyError(Valid with { Admin = new AdminConfig { Https = new AdminHttpsConfig { Address = "*", Port = port } } });
        Assert.Equal("/admin/https/port", clash.Path);
        Assert.Contains(Valid.Sites[0].Name, clash.Message);
    }

    [Fact]
    public void The_admin_address_and_session_and_login_limits_are_checked_by_field()
    {
        var config = Valid with
        {
            Admin = new AdminConfig
            {
                Https = new AdminHttpsConfig { Address = "localhost" },
                Sessions = new AdminSessionsConfig { IdleTimeout = TimeSpan.FromHours(13) },
                Logins = new AdminLoginsConfig { MaxFailures = 0 },
            },
        };

        Assert.Equal(["/admin/https/address", "/admin/sessions/idleTimeout", "/admin/logins/maxFailures"], Errors(config).Select(e => e.Path));
    }
}
