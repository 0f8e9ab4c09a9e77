using System.Text.Json.Nodes;

namespace Wharf.Cli.Modules.Www.AppPools;

/// <summary>
/// The pool `wharf apppool add` sends, from its options: only what was given, so every other
/// setting keeps its default (and later defaults). Whether the values fit is the admin API's
/// to say: its validator names the field.
/// </summary>
internal static class AppPoolSpec
{
    public static (JsonObject? Pool, string? Error) Build(string name, string? command, IReadOnlyList<string> arguments, IReadOnlyList<string> environment,
        string? workingDirectory, string? listen, int? maxProcesses, string? user, string? startMode)
    {
        var pool = new JsonObject { ["name"] = name };
        if (startMode is not null)
        {
            if (Mode(startMode) is not { } mode) return (null, $"--start-mode is onDemand or alwaysRunning, not '{startMode}'");
            pool["startMode"] = mode;
        }
        if (command is null)
        {
            if (arguments.Count > 0 || environment.Count > 0 || workingDirectory is not null || listen is not null)
                return (null, "--arg, --env, --working-directory and --listen describe the program: name it with --command PATH");
        }
        else
        {
            var program = new JsonObject { ["command"] = command };
            if (arguments.Count > 0) program["arguments"] = new JsonArray([.. arguments.Select(a => (JsonNode?)JsonValue.Create(a))]);
            if (environment.Count > 0)
            {
                var variables = new JsonArray();
                foreach (var pair in environment)
                {
                    var equals = pair.IndexOf('=', StringComparison.Ordinal);
                    if (equals <= 0) return (null, $"--env '{pair}' is not NAME=VALUE; write one such as --env DOTNET_ENVIRONMENT=Production");
                    variables.Add((JsonNode)new JsonObject { ["name"] = pair[..equals], ["value"] = pair[(equals + 1)..] });
                }
                program["environment"] = variables;
            }
            if (workingDirectory is not null) program["workingDirectory"] = workingDirectory;
            if (listen is not null) program["listen"] = listen.ToLowerInvariant();
            pool["program"] = program;
        }
        if (maxProcesses is not null || user is not null)
        {
            var model = new JsonObject();
            if (user is not null) model["userName"] = user;
            if (maxProcesses is { } count) model["maxProcesses"] = count;
            pool["processModel"] = model;
        }
        return (pool, null);
    }

    private static string? Mode(string text) => text.ToLowerInvariant() switch
    {
        "ondemand" => "onDemand",
        "alwaysrunning" => "alwaysRunning",
        _ => null,
    };
}
