using System.Text.Json.Nodes;

namespace Wharf.TestKit.Pools;

/// <summary>What a pool runs: the <c>program</c> object of a pool in wharf.json.</summary>
public sealed record WorkerProgram(string Command, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string>? Environment = null)
{
    public JsonObject ToJson()
    {
        var program = new JsonObject
        {
            ["command"] = Command,
            ["arguments"] = new JsonArray([.. Arguments.Select(a => JsonValue.Create(a))]),
        };
        if (Environment is { Count: > 0 })
            program["environment"] = new JsonArray([.. Environment.Select(e => new JsonObject { ["name"] = e.Key, ["value"] = e.Value })]);
        return program;
    }

    public WorkerProgram With(string name, string value) =>
        this with { Environment = new Dictionary<string, string>(Environment ?? new Dictionary<string, string>()) { [name] = value } };
}
