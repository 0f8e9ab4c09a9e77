namespace Wharf.Supervisor.Pools.Runner;

/// <summary>
/// A worker is ready when its endpoint accepts a connection: the supervisor connects and closes,
/// and never speaks HTTP. Tests give a fake that accepts when told.
/// </summary>
internal interface IEndpointProbe
{
    /// <summary>Completes when a connection to <paramref name="endpoint"/> is accepted; cancelled at the time limit or the worker's exit.</summary>
    Task WaitAcceptsAsync(string endpoint, CancellationToken cancellationToken);
}
