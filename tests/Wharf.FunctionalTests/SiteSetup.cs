using System.Text.Json.Nodes;
using Wharf.TestKit;

namespace Wharf.FunctionalTests;

/// <summary>A scratch host whose one site (id 1) is shaped by the test before `wharf serve` starts.</summary>
internal static class SiteSetup
{
    public static WharfHost Prepare(Action<JsonObject> site)
    {
        var host = WharfHost.Prepare();
        var document = JsonNode.Parse(File.ReadAllText(host.ConfigFile))!;
        site(document["sites"]![0]!.AsObject());
        File.WriteAllText(host.ConfigFile, document.ToJsonString());
        return host;
    }

    public static void WriteFile(WharfHost host, string name, int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        File.WriteAllBytes(Path.Combine(host.Root, "wwwroot", name), bytes);
    }

    /// <summary>curl, quiet, body discarded, printing only the status code.</summary>
    public static async Task<int> CurlStatusAsync(params string[] arguments)
    {
        var result = await CommandResult.RunAsync("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", .. arguments]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return int.Parse(result.StandardOutput, System.Globalization.CultureInfo.InvariantCulture);
    }
}
