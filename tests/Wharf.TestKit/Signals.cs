using System.Runtime.InteropServices;

namespace Wharf.TestKit;

public static partial class Signals
{
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;
    public const int SIGCONT = 18;
    public const int SIGSTOP = 19;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);

    public static void Send(int pid, int signal)
    {
        if (kill(pid, signal) != 0) throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    public static bool IsAlive(int pid) => kill(pid, 0) == 0 && !IsZombie(pid);

    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] == 'Z';
        }
        catch (IOException) { return true; }
    }

    /// <summary>Waits, bounded, for a process that need not be our child to end, woken by its pidfd (pidfd_open(2)) turning readable.</summary>
    public static async Task<bool> WaitForExitAsync(int pid, TimeSpan timeout)
    {
        var pidfd = pidfd_open(SYS_pidfd_open, pid, 0);
        if (pidfd < 0) return !IsAlive(pid);
        try
        {
            return await Task.Run(() =>
            {
                var fds = new PollFd { Fd = (int)pidfd, Events = POLLIN };
                var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
                while (true)
                {
                    var left = (int)Math.Max(0, deadline - Environment.TickCount64);
                    var ready = poll(ref fds, 1, left);
                    if (ready > 0) return true;
                    if (ready == 0) return !IsAlive(pid);
                    if (Marshal.GetLastPInvokeError() != EINTR) throw new InvalidOperationException($"poll on pidfd of {pid} failed: errno {Marshal.GetLastPInvokeError()}");
                }
            });
        }
        finally
        {
            close((int)pidfd);
        }
    }

    private const long SYS_pidfd_open = 434;
    private const short POLLIN = 1;
    private const int EINTR = 4;

    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long pidfd_open(long number, int pid, uint flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int poll(ref PollFd fds, ulong nfds, int timeout);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);
}
