using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
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

/// <summary>curl as the client: any exchange (<see cref="RunAsync"/>), and https with the HTTP version ALPN chose and the certificate served.</summary>
public static partial class Curl
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

    public sealed record Answer(int Status, string HttpVersion, string? Subject, string Body, string Trace);

    /// <summary>GET https://HOST:PORT/PATH with HOST resolved to <paramref name="address"/>, so HOST is the SNI name and the Host header.</summary>
    public static async Task<Answer> HttpsAsync(string host, int port, string path = "/", string address = "127.0.0.1", bool http2 = true)
    {
        var result = await CommandResult.RunAsync("curl",
        [
            "-sS", "-k", "-v", http2 ? "--http2" : "--http1.1",
            "--resolve", $"{host}:{port}:{address}",
            "-o", "-", "-w", "\n%{http_code} %{http_version}",
            $"https://{host}:{port}{path}",
        ]);
        if (result.ExitCode != 0) throw new InvalidOperationException($"curl failed: {result}");
        var lastNewline = result.StandardOutput.LastIndexOf('\n');
        var status = result.StandardOutput[(lastNewline + 1)..].Split(' ');
        var subject = SubjectLine().Match(result.StandardError);
        return new Answer(
            int.Parse(status[0], CultureInfo.InvariantCulture), status[1],
            subject.Success ? subject.Groups[1].Value.Trim() : null,
            result.StandardOutput[..lastNewline], result.StandardError);
    }

    /// <summary>New connections until one is served <paramref name="subject"/>: a reload from disk is seen at a handshake.</summary>
    public static async Task<Answer> WaitForSubjectAsync(string host, int port, string subject, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var answer = await HttpsAsync(host, port);
            if (answer.Subject == subject) return answer;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"still served {answer.Subject} after {timeout}, not {subject}");
            await Task.Delay(100);
        }
    }

    [GeneratedRegex(@"^\*\s+subject: (.+)$", RegexOptions.Multiline)]
    private static partial Regex SubjectLine();
}
