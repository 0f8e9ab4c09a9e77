using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Win32.SafeHandles;
using Wharf.Hosting.Native;

namespace Wharf.Supervisor.Pools.Launch;

/// <summary>
/// Copies one of a worker's output pipes into its log file. The pipe is read as fast as the
/// worker writes, whatever the disk does: what the file cannot take at once waits in memory up to
/// <see cref="MaxPendingChunks"/> reads, and beyond that is dropped and counted, so a slow or full
/// disk never blocks a worker on a full pipe. The read end is the supervisor's own descriptor
/// (never .NET's redirection), so that a /reboot can pass it to the next image, which goes on
/// reading: a worker writing to a pipe nobody reads would die of SIGPIPE.
/// </summary>
internal sealed class WorkerOutput
{
    public const int MaxPendingChunks = 256;
    private const int ChunkSize = 64 * 1024;

    private readonly Channel<byte[]> _pending = Channel.CreateBounded<byte[]>(
        new BoundedChannelOptions(MaxPendingChunks) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.DropWrite });
    private long _dropped;

    /// <summary>Bytes lost to a full queue or a failing file.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>The read end, for a /reboot to pass on.</summary>
    public int Descriptor { get; }

    /// <summary>Ends when the pipe reaches end of file (every process holding it has exited) and the file has what was kept.</summary>
    public Task Completion { get; }

    /// <param name="readEnd">Owned from here on.</param>
    public WorkerOutput(int readEnd, RotatingLogFile file)
        : this(new FileStream(new SafeFileHandle(readEnd, ownsHandle: true), FileAccess.Read, bufferSize: 0), file) => Descriptor = readEnd;

    public WorkerOutput(Stream pipe, RotatingLogFile file)
    {
        Descriptor = -1;
        // A thread of its own: a read blocks until the worker writes, and a pool thread per pipe would starve the pool.
        var reading = Task.Factory.StartNew(() => Read(pipe), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var writing = Task.Run(() => WriteAsync(file));
        Completion = Task.WhenAll(reading, writing);
    }

    private void Read(Stream pipe)
    {
        try
        {
            var buffer = new byte[ChunkSize];
            int read;
            while ((read = pipe.Read(buffer)) > 0)
                if (!_pending.Writer.TryWrite(buffer[..read])) Interlocked.Add(ref _dropped, read);
        }
        catch (IOException)
        {
            // The pipe broke: the worker is gone.
        }
        finally
        {
            _pending.Writer.TryComplete();
            pipe.Dispose();
        }
    }

    private async Task WriteAsync(RotatingLogFile file)
    {
        using (file)
        {
            await foreach (var chunk in _pending.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                try
                {
                    file.Write(chunk);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // A full disk or a removed folder: this chunk is lost, the next is tried afresh.
                    Interlocked.Add(ref _dropped, chunk.Length);
                    file.Dispose();
                }
            }
        }
    }
}

/// <summary>
/// The read ends of every live worker's output, by pid: recorded in state/workers.json, and made
/// inheritable just before a /reboot's execve so the next image adopts them with the workers.
/// </summary>
internal static class WorkerOutputs
{
    private static readonly ConcurrentDictionary<int, int[]> Live = new();

    public static void Add(int pid, IReadOnlyList<WorkerOutput> output) => Live[pid] = [.. output.Select(o => o.Descriptor).Where(fd => fd >= 0)];

    public static void Remove(int pid) => Live.TryRemove(pid, out _);

    public static IReadOnlyList<int> Of(int pid) => Live.TryGetValue(pid, out var fds) ? fds : [];

    /// <summary>Called just before the supervisor execve's itself (/reboot): the pipes stay open in the next image.</summary>
    public static void PrepareForExec() => SetInheritable(true);

    /// <summary>The execve failed and this image goes on: no other child may inherit the pipes.</summary>
    public static void AfterFailedExec() => SetInheritable(false);

    private static void SetInheritable(bool inheritable)
    {
        foreach (var fds in Live.Values)
            foreach (var fd in fds)
            {
                try { Libc.SetInheritable(fd, inheritable); }
                catch (IOException) { /* closed since: that worker has ended */ }
            }
    }
}
