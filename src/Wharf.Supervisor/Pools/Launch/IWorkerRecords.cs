using Wharf.Supervisor.Lifecycle;

namespace Wharf.Supervisor.Pools.Launch;

/// <summary>
/// The workers this supervisor runs, written to state/workers.json (by rename) at every change, so
/// that the image after a /reboot adopts them and one after a crash ends them.
/// </summary>
internal interface IWorkerRecords
{
    void Save(IReadOnlyList<WorkerRecord> workers);

    IReadOnlyList<WorkerRecord> Load();

    /// <summary>
    /// A worker of the previous image (after /reboot; still this process's child), watched for its
    /// exit and spared by the orphan reaper; null when its pid is gone or is no longer that process.
    /// </summary>
    ISupervisedProcess? Adopt(WorkerRecord record);

    /// <summary>A start after a crash: ends every recorded worker that is still that process (pid and start time agree), with its group; returns their pids.</summary>
    IReadOnlyList<int> EndLeftovers(IReadOnlyList<WorkerRecord> records);
}

/// <param name="ProcessStartTicks">Field 22 of /proc/PID/stat: with the pid, names one process for ever.</param>
/// <param name="Generation">The pool's configuration the worker was started with, so a changed pool recycles adopted workers too.</param>
internal sealed record WorkerRecord(
    string Id,
    string Pool,
    int Pid,
    ulong ProcessStartTicks,
    string Endpoint,
    string Account,
    DateTimeOffset StartedAt,
    IReadOnlyList<string> CgroupPaths,
    string Generation)
{
    /// <summary>
    /// The supervisor's read ends of the worker's stdout and stderr pipes, in that order: filled
    /// in by the records file itself at each save, and passed across a /reboot's execve so the
    /// next image goes on reading them. Empty when unknown.
    /// </summary>
    public IReadOnlyList<int> OutputDescriptors { get; init; } = [];

    /// <summary>Direct hand-off: it was ready by its handed sockets only, so www must not ping it once adopted either.</summary>
    public bool HandoffOnly { get; init; }
}
