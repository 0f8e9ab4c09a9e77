using Microsoft.Extensions.Hosting;

namespace Wharf.Hosting.Kestrel;

/// <summary>
/// Replaces the generic host's ConsoleLifetime, which would take SIGTERM and Ctrl+C and stop
/// Kestrel at once. ServiceHost owns the signals and the control channel and asks for a
/// graceful drain instead.
/// </summary>
public sealed class SupervisedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
