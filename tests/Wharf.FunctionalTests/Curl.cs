using System.Globalization;
using System.Text.RegularExpressions;
using Wharf.TestKit;

namespace Wharf.FunctionalTests;

/// <summary>curl as the https client: the answer, the HTTP version ALPN chose, and the subject of the certificate served.</summary>
internal static partial class Curl
{
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
