namespace Wharf.Www.Drain;

/// <summary>Why the wait for in-hand work ended.</summary>
internal enum DrainOutcome
{
    /// <summary>Every connection was closed.</summary>
    NoConnections,

    /// <summary>Connections remain, but none has had a request in progress for the idle grace.</summary>
    AllIdle,

    /// <summary>The deadline came with requests still in progress.</summary>
    Deadline,
}
