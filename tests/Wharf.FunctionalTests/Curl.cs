using System.Text;
using Wharf.TestKit;

namespace Wharf.FunctionalTests;

/// <summary>One exchange with curl: the final response's status, headers and body as curl delivered them.</summary>
public sealed record CurlResponse(int Status, Dictionary<string, string> Headers, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public override string ToString() =>
        $"{Status}\n{string.Join("\n", Headers.Select(h => h.Key + ": " + h.Value))}\n\n{(Body.Length > 2000 ? Text[..2000] : Text)}";
}

public static class Curl
{
    public static async Task<CurlResponse> RunAsync(params string[] arguments)
    {
        var folder = Directory.CreateTempSubdirectory("curl.").FullName;
        try
        {
            var headers = Path.Combine(folder, "headers");
            var body = Path.Combine(folder, "body");
            var result = await CommandResult.RunAsync("curl", ["-sS", "-D", headers, "-o", body, .. arguments]);
            Assert.True(result.ExitCode == 0, result.ToString());
            var lines = File.ReadAllLines(headers);
            // The last response's block (curl writes each of them when following redirects or after 100-continue).
            var start = Array.FindLastIndex(lines, l => l.StartsWith("HTTP/", StringComparison.Ordinal));
            var status = int.Parse(lines[start].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
            var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in lines.Skip(start + 1))
            {
                var colon = line.IndexOf(':');
                if (colon <= 0) continue;
                var name = line[..colon];
                var value = line[(colon + 1)..].Trim();
                map[name] = map.TryGetValue(name, out var before) ? before + ", " + value : value;
            }
            return new CurlResponse(status, map, File.Exists(body) ? File.ReadAllBytes(body) : []);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
