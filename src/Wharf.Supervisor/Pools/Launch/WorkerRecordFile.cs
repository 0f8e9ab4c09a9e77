using System.Text.Json;
using System.Text.Json.Serialization;
using Wharf.Config;
using Wharf.Hosting.Native;
using Wharf.Supervisor.Lifecycle;

namespace Wharf.Supervisor.Pools.Launch;

/// <summary>
/// The real <see cref="IWorkerRecords"/>: state/workers.json, root's alone (0600: it names every
/// worker's account and endpoint), written to a temporary file, flushed and renamed, so a crash
/// leaves the old list or the new one whole. A pid is only ever trusted with the start time
/// recorded beside it: a recycled pid is another process, and is never adopted nor killed.
/// </summary>
internal sealed class WorkerRecordFile(string path, DataRoot root, OrphanReaper reaper, Func<int, ProcessIdentity?> identify) : IWorkerRecords
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly Lock _lock = new();

    public static WorkerRecordFile ForMachine(DataRoot root, OrphanReaper reaper) =>
        new(Path.Combine(root.StateFolder, "workers.json"), root, reaper, ProcessIdentity.Of);

    public void Save(IReadOnlyList<WorkerRecord> workers)
    {
        var records = workers.Select(w => WorkerOutputs.Of(w.Pid) is { Count: > 0 } fds ? w with { OutputDescriptors = fds } : w).ToList();
        var json = JsonSerializer.Serialize(records, WorkerRecordJsonContext.Default.ListWorkerRecord);
        lock (_lock)
        {
            var temp = path + ".tmp";
            File.Delete(temp);
            using (var stream = new FileStream(temp, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = Private }))
            {
                stream.Write(System.Text.Encoding.UTF8.GetBytes(json));
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
    }

    public IReadOnlyList<WorkerRecord> Load()
    {
        try
        {
            var records = File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllText(path), WorkerRecordJsonContext.Default.ListWorkerRecord) ?? [] : [];
            // The previous image left the output pipes inheritable for its execve; until a worker
            // is adopted, nothing this image starts may inherit them.
            foreach (var fd in records.SelectMany(r => r.OutputDescriptors))
            {
                try
                {
                    if (LinkOf($"/proc/self/fd/{fd}")?.StartsWith("pipe:", StringComparison.Ordinal) == true) Libc.SetInheritable(fd, false);
                }
                catch (IOException)
                {
                    // Not open here: nothing to keep from children.
                }
            }
            return records;
        }
        catch (JsonException e)
        {
            // The cgroup sweep still finds what a damaged list would have named.
            Console.Error.WriteLine($"wharf: {path} is damaged ({e.Message}); no worker is adopted or ended by it");
            return [];
        }
    }

    public ISupervisedProcess? Adopt(WorkerRecord record)
    {
        if (!ProcessIdentity.CanAdopt(record, identify(record.Pid), Environment.ProcessId)) return null;
        reaper.Spare(record.Pid);
        var output = ResumeOutput(record);
        WorkerOutputs.Add(record.Pid, output);
        return new AdoptedWorker(record.Pid, pid =>
        {
            WorkerOutputs.Remove(pid);
            reaper.Unspare(pid);
            if (record.Endpoint.StartsWith("unix:", StringComparison.Ordinal)) WorkerLauncher.RemoveSocket(new WorkerEndpoint(record.Endpoint["unix:".Length..], null));
        }, output);
    }

    public IReadOnlyList<int> EndLeftovers(IReadOnlyList<WorkerRecord> records)
    {
        var ended = new List<int>();
        foreach (var record in records)
        {
            var now = identify(record.Pid);
            if (!ProcessIdentity.IsStill(record, now)) continue;
            // It led its own group (the launch step's setsid); what it started is in it.
            if (now!.Value.Group == record.Pid) Libc.kill(-record.Pid, Libc.SIGKILL);
            Libc.kill(record.Pid, Libc.SIGKILL);
            ended.Add(record.Pid);
        }
        return ended;
    }

    /// <summary>
    /// The pipes the previous image read the worker's output from, when this image still holds
    /// them and they are the very pipes the worker writes to (the same pipe inode as its 1 and 2):
    /// a number alone could be anything this image has opened since.
    /// </summary>
    private List<WorkerOutput> ResumeOutput(WorkerRecord record)
    {
        var output = new List<WorkerOutput>();
        string[] names = ["out", "err"];
        for (var i = 0; i < Math.Min(record.OutputDescriptors.Count, names.Length); i++)
        {
            var fd = record.OutputDescriptors[i];
            var ours = LinkOf($"/proc/self/fd/{fd}");
            if (ours is null || !ours.StartsWith("pipe:", StringComparison.Ordinal) || ours != LinkOf($"/proc/{record.Pid}/fd/{i + 1}")) continue;
            try
            {
                Libc.SetInheritable(fd, false);
                var group = Hosting.UnixAccounts.FindGroupId(Hosting.LocalAdminPolicy.AdminGroup);
                var folder = PoolFolders.PrepareLogFolder(root, record.Pool, group);
                var file = new RotatingLogFile(System.IO.Path.Combine(folder, $"{PoolNames.WorkerFileName(record.Id)}.{names[i]}.log"),
                    RotatingLogFile.DefaultMaxBytes, RotatingLogFile.DefaultKeep, PoolFolders.LogFileMode, group);
                output.Add(new WorkerOutput(fd, file));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or WorkerLaunchException)
            {
                Console.Error.WriteLine($"wharf: cannot go on logging worker {record.Id}'s std{names[i]}: {e.Message}");
            }
        }
        return output;
    }

    private static string? LinkOf(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(List<WorkerRecord>))]
internal sealed partial class WorkerRecordJsonContext : JsonSerializerContext;
