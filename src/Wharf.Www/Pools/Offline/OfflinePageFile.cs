using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Wharf.Www.Pools.Offline;

/// <summary>
/// Reads an application folder's app_offline.htm, bounded, without following a symbolic link: the
/// folder may be writable by the pool's account, and a link planted there must not make www serve
/// a file only www can read (a certificate's key) as the 503 page.
/// </summary>
internal static partial class OfflinePageFile
{
    /// <summary>Served when the file is there but cannot be served as it is (a link, unreadable): its presence alone takes the application offline.</summary>
    public static readonly ReadOnlyMemory<byte> Fallback = Encoding.UTF8.GetBytes(
        "<!DOCTYPE html><html><head><title>Offline</title></head><body><h1>This application is offline</h1></body></html>\n");

    private const int ENOENT = 2;
    private const int ENOTDIR = 20;
    private const int O_NONBLOCK = 0x800;
    private const int O_CLOEXEC = 0x80000;

    // The only flag here whose value differs between Linux's x64 and arm64 ABIs.
    private static readonly int O_NOFOLLOW = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000;

    /// <summary>What is in the folder: no file (null), the page, or the page with why it is not the file's own content.</summary>
    public static (OfflinePage? Page, string? Problem) Read(string folder)
    {
        var path = Path.Join(folder, AppOffline.FileName);
        // Non-blocking, so that a FIFO planted under the name cannot hang the watcher.
        var fd = open(path, O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is ENOENT or ENOTDIR) return (null, null);
            return (new OfflinePage(Fallback, path), Marshal.GetPInvokeErrorMessage(errno));
        }

        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
            using var content = new MemoryStream();
            var chunk = new byte[64 * 1024];
            int read;
            while (content.Length <= AppOffline.MaxBytes && (read = stream.Read(chunk, 0, chunk.Length)) > 0) content.Write(chunk, 0, read);
            if (content.Length > AppOffline.MaxBytes)
                return (new OfflinePage(content.GetBuffer().AsMemory(0, AppOffline.MaxBytes).ToArray(), path), $"larger than {AppOffline.MaxBytes} bytes; the first {AppOffline.MaxBytes} are served");
            return (new OfflinePage(content.ToArray(), path), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return (new OfflinePage(Fallback, path), e.Message);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);
}
