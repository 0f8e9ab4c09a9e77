using Wharf.Config;

namespace Wharf.Cli;

/// <summary>
/// What the executable supplies so the CLI needs neither the supervisor nor the services:
/// <paramref name="Serve"/> runs `wharf serve` until the token is cancelled (SIGINT or SIGTERM),
/// <paramref name="RunService"/> runs one service process, `wharf service run NAME`, and
/// <paramref name="Modules"/> are the services' own commands, in ServiceCatalog's order.
/// </summary>
internal sealed record CliHooks(
    Func<DataRoot, CancellationToken, Task<int>> Serve,
    Func<string, DataRoot, Task<int>> RunService,
    IReadOnlyList<ICliModule> Modules);
