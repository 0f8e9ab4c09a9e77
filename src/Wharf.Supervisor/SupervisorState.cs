using System.Text.Json;
using System.Text.Json.Serialization;
using Wharf.Config;

namespace Wharf.Supervisor;

/// <summary>
/// The supervisor's own state, <c>state/supervisor.json</c>: what an administrator said that
/// must survive a restart of the supervisor (/disable, services stopped on purpose).
/// </summary>
internal sealed record SupervisorState
{
    public bool ResetDisabled { get; init; }

    public IReadOnlyList<string> StoppedServices { get; init; } = [];

    public SupervisorState WithStopped(string service, bool stopped) => this with
    {
        StoppedServices = stopped
            ? StoppedServices.Append(service).Distinct().Order(StringComparer.Ordinal).ToArray()
            : StoppedServices.Where(s => s != service).ToArray(),
    };

    public static SupervisorState Load(string path)
    {
        try
        {
            return File.Exists(path)
                ? JsonSerializer.Deserialize(File.ReadAllText(path), SupervisorStateJsonContext.Default.SupervisorState) ?? new()
                : new();
        }
        catch (JsonException e)
        {
            Console.Error.WriteLine($"wharf: {path} is damaged ({e.Message}); starting from a clean state");
            return new();
        }
    }

    /// <summary>Written to a temporary file and renamed, so a crash leaves the old or the new state whole.</summary>
    public void Save(string path) =>
        ConfigWriter.WriteDurably(path, JsonSerializer.Serialize(this, SupervisorStateJsonContext.Default.SupervisorState));
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(SupervisorState))]
internal sealed partial class SupervisorStateJsonContext : JsonSerializerContext;
