using System.Globalization;
using Wharf.Hosting.Control.Pools;

namespace Wharf.Supervisor.Pools.Runner;

/// <summary>The requests a worker was serving, in words, for worker-crashed and worker-killed: no peer tells an administrator this.</summary>
internal static class InFlightText
{
    private const int MaxListed = 10;

    public static string Describe(IReadOnlyList<InFlightRequest>? requests)
    {
        if (requests is null) return "which requests it was serving is unknown (www did not answer)";
        if (requests.Count == 0) return "it was serving no request";
        var listed = requests.Take(MaxListed).Select(r => string.Create(CultureInfo.InvariantCulture,
            $"{r.Method} {r.Url} from {r.Client}, running {r.ElapsedMs / 1000.0:0.###} s"));
        var more = requests.Count > MaxListed ? $"; and {requests.Count - MaxListed} more" : "";
        return $"it was serving {requests.Count} request(s): {string.Join("; ", listed)}{more}";
    }
}
