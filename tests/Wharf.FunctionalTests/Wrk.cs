using System.Text.RegularExpressions;
using Wharf.TestKit;

namespace Wharf.FunctionalTests;

/// <summary>wrk, bounded in time, and what it counted.</summary>
internal sealed partial record WrkResult(long Requests, long SocketErrors, long Non2xx, string Output)
{
    public static async Task<WrkResult> RunAsync(string url, TimeSpan duration, int connections = 16)
    {
        var result = await CommandResult.RunAsync("wrk",
            ["-t2", $"-c{connections}", $"-d{(int)duration.TotalSeconds}s", "--timeout", "10s", url],
            duration + TimeSpan.FromSeconds(30));
        if (result.ExitCode != 0) throw new InvalidOperationException($"wrk failed: {result}");
        var output = result.StandardOutput;
        var requests = RequestsLine().Match(output);
        var errors = SocketErrorsLine().Match(output);
        var non2xx = Non2xxLine().Match(output);
        return new WrkResult(
            requests.Success ? long.Parse(requests.Groups[1].Value) : 0,
            errors.Success ? errors.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value)) : 0,
            non2xx.Success ? long.Parse(non2xx.Groups[1].Value) : 0,
            output);
    }

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrorsLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex Non2xxLine();
}
