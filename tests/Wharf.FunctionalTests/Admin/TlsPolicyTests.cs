using System.Text.Json.Nodes;
using Wharf.TestKit;

namespace Wharf.FunctionalTests.Admin;

/// <summary>
/// The one TLS policy, seen from outside with `openssl s_client`: TLS 1.1 and CBC suites are
/// refused, AEAD suites on TLS 1.2 and 1.3 are accepted, on a site's https binding and on the
/// admin endpoint alike; narrowing the policy in the configuration narrows both.
/// </summary>
public sealed class TlsPolicyTests
{
    private const string CbcSuites = "ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA";
    private const string AeadSuites = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305";

    private static async Task<string?> NegotiatedAsync(int port, params string[] options)
    {
        var result = await CommandResult.RunAsync("openssl", ["s_client", "-connect", $"127.0.0.1:{port}", "-servername", "a.test", .. options], TimeSpan.FromSeconds(20));
        // "New, TLSv1.2, Cipher is ECDHE-ECDSA-AES128-GCM-SHA256" on success; "Cipher is (NONE)" when refused.
        var line = result.All.Split('\n').FirstOrDefault(l => l.StartsWith("New, ", StringComparison.Ordinal));
        return line is null || line.Contains("(NONE)", StringComparison.Ordinal) ? null : line["New, ".Length..].Trim();
    }

    [Fact]
    public async Task Tls_1_1_and_cbc_suites_are_refused_and_aead_on_1_2_and_1_3_accepted_on_a_site_and_on_the_admin_endpoint()
    {
        await using var host = HttpsTests.PrepareTwoHttpsSites(out var sitePort);
        await host.StartAsync();

        foreach (var port in new[] { sitePort, host.AdminPort })
        {
            Assert.Null(await NegotiatedAsync(port, "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"));
            Assert.Null(await NegotiatedAsync(port, "-tls1_2", "-cipher", CbcSuites));
            Assert.StartsWith("TLSv1.2, Cipher is ECDHE-ECDSA-AES128-GCM-SHA256", await NegotiatedAsync(port, "-tls1_2", "-cipher", AeadSuites));
            Assert.StartsWith("TLSv1.3, Cipher is TLS_AES_", await NegotiatedAsync(port, "-tls1_3"));
        }
    }

    [Fact]
    public async Task Narrowing_the_policy_to_tls_1_3_refuses_tls_1_2_on_both_endpoints()
    {
        await using var host = HttpsTests.PrepareTwoHttpsSites(out var sitePort);
        var document = JsonNode.Parse(File.ReadAllText(host.ConfigFile))!;
        document["tls"] = new JsonObject { ["protocols"] = new JsonArray("tls13"), ["cipherSuites"] = new JsonArray("TLS_AES_256_GCM_SHA384") };
        File.WriteAllText(host.ConfigFile, document.ToJsonString());
        await host.StartAsync();

        foreach (var port in new[] { sitePort, host.AdminPort })
        {
            Assert.Null(await NegotiatedAsync(port, "-tls1_2", "-cipher", AeadSuites));
            Assert.Equal("TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384", await NegotiatedAsync(port, "-tls1_3"));
        }
    }
}
