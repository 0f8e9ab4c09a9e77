using System.Threading.Channels;

namespace Wharf.Supervisor.Pools.Launch;

/// <summary>
/// Copies one of a worker's output pipes into its log file. The pipe is read as fast as the
/// worker writes, whatever the disk does: what the file cannot take at once waits in memory up to
/// <see cref="MaxPendingChunks"/> reads, and beyond that is dropped and counted, so a slow or full
/// disk never blocks a worker on a full pipe.
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

    /// <summary>Ends when the pipe reaches end of file (every process holding it has exited) and the file has what was kept.</summary>
    public Task Completion { get; }

    public WorkerOutput(Stream pipe, RotatingLogFile file)
    {
        var reading = Task.Run(() => ReadAsync(pipe));
        var writing = Task.Run(() => WriteAsync(file));
        Completion = Task.WhenAll(reading, writing);
    }

    private async Task ReadAsync(Stream pipe)
    {
        try
        {
            var buffer = new byte[ChunkSize];
            int read;
            while ((read = await pipe.ReadAsync(buffer).ConfigureAwait(false)) > 0)
                if (!_pending.Writer.TryWrite(buffer[..read])) Interlocked.Add(ref _dropped, read);
        }
        catch (IOException)
        {
            // The pipe broke: the worker is gone.
        }
        finally
        {
            _pending.Writer.TryComplete();
            await pipe.DisposeAsync().ConfigureAwait(false);
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
