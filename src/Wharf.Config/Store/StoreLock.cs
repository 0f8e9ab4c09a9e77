namespace Wharf.Config.Store;

/// <summary>
/// The exclusive lock on <c>config/.lock</c> every mutation holds, so an old and a new admin
/// process overlapping in a restart (or two stores in one process) commit one at a time.
/// </summary>
/// <remarks>
/// flock, not a lock file's existence: the kernel releases it when the holder dies, even by
/// kill -9, so a crash never leaves the store locked. Each acquisition opens its own
/// descriptor, and flock locks belong to the open file, so threads of one process exclude
/// each other too.
/// </remarks>
internal sealed class StoreLock : IDisposable
{
    public const string FileName = ".lock";

    private int _fd;

    private StoreLock(int fd) => _fd = fd;

    public static StoreLock Acquire(string path)
    {
        var fd = StoreNative.Open(path, StoreNative.O_RDONLY | StoreNative.O_CREAT, 0b110_110_000, "to lock the configuration store");
        try
        {
            StoreNative.Flock(fd, StoreNative.LOCK_EX, path);
            return new StoreLock(fd);
        }
        catch
        {
            StoreNative.Close(fd);
            throw;
        }
    }

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0) StoreNative.Close(fd);
    }
}
