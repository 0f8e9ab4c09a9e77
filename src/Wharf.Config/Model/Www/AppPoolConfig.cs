using System.Text.Json.Serialization;
using Wharf.Config.Json;

namespace Wharf.Config.Model;

/// <summary>
/// An application pool. Only the name matters until worker processes are built; the fields they
/// need (command, arguments, recycling, limits) join this record then.
/// </summary>
public sealed record AppPoolConfig
{
    public required string Name { get; init; }

    public AppPoolState State { get; init; } = AppPoolState.Started;
}

[JsonConverter(typeof(CamelCaseEnumConverter<AppPoolState>))]
public enum AppPoolState
{
    Started,
    Stopped,
}
