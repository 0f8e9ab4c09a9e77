using System.Runtime.InteropServices;

namespace Wharf.Hosting.Kestrel.ZeroCopy;

/// <summary>The two system calls a zero-copy file body needs; nothing in .NET exposes them on a Kestrel socket.</summary>
internal static partial class Native
{
    public const int MSG_DONTWAIT = 0x40;
    public const int MSG_NOSIGNAL = 0x4000;
    public const int MSG_MORE = 0x8000;

    public const int EINTR = 4;
    public const int EAGAIN = 11;

    [LibraryImport("libc", SetLastError = true)]
    public static unsafe partial nint send(nint socket, byte* buffer, nint length, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint sendfile(nint outFd, nint inFd, ref long offset, nint count);
}
