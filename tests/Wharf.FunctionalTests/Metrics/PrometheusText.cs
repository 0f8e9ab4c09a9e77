using System.Globalization;
using System.Text.Json.Nodes;
using Wharf.TestKit;

namespace Wharf.FunctionalTests.Metrics;

/// <summary>
/// /metrics read by the Prometheus project's own parser (python3-prometheus-client's
/// text_string_to_metric_families), which refuses what Prometheus would refuse; each sample comes
/// back as its name, labels and value.
/// </summary>
internal sealed record PrometheusText(IReadOnlyList<PrometheusText.Family> Families)
{
    public sealed record Family(string Name, string Type, IReadOnlyList<Sample> Samples);
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    private const string Parser = """
        import json, sys
        from prometheus_client.parser import text_string_to_metric_families
        families = []
        for f in text_string_to_metric_families(open(sys.argv[1], encoding="utf-8").read()):
            families.append({"name": f.name, "type": f.type,
                             "samples": [{"name": s.name, "labels": s.labels, "value": s.value} for s in f.samples]})
        print(json.dumps(families))
        """;

    public static async Task<PrometheusText> ParseAsync(string text)
    {
        var input = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(input, text);
            // Debian's python3, where apt put the parser (test.sh installs python3-prometheus-client).
            var result = await CommandResult.RunAsync("/usr/bin/python3", ["-c", Parser, input]);
            Assert.True(result.ExitCode == 0, $"the Prometheus parser refused /metrics:\n{result}\n---\n{text}");
            var families = JsonNode.Parse(result.StandardOutput)!.AsArray().Select(f => new Family(
                (string)f!["name"]!, (string)f["type"]!,
                f["samples"]!.AsArray().Select(s => new Sample(
                    (string)s!["name"]!,
                    s["labels"]!.AsObject().ToDictionary(l => l.Key, l => (string)l.Value!),
                    (double)s["value"]!)).ToArray())).ToArray();
            return new PrometheusText(families);
        }
        finally
        {
            File.Delete(input);
        }
    }

    /// <summary>The value of the one sample with that name and those labels (others ignored); null when there is none.</summary>
    public double? Value(string name, params (string Label, string Value)[] labels) =>
        Families.SelectMany(f => f.Samples).FirstOrDefault(s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Label) == l.Value))?.Value;

    public Family? FamilyOf(string name) => Families.FirstOrDefault(f => f.Name == name);

    public static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
