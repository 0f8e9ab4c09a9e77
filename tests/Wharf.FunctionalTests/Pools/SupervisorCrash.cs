using System.Diagnostics;
using Wharf.TestKit;

namespace Wharf.FunctionalTests.Pools;

/// <summary>A supervisor that dies without stopping anything, and processes that have nothing to do with it.</summary>
internal static class SupervisorCrash
{
    /// <summary>SIGKILL to `wharf serve`; its services end with their control channel, and are awaited, since www holds the site's port.</summary>
    public static async Task KillAsync(WharfHost host)
    {
        var services = new[] { await host.ServicePidAsync("www"), await host.ServicePidAsync("admin") };
        host.KillSupervisor();
        await host.WaitForExitAsync(TimeSpan.FromSeconds(30));
        foreach (var pid in services)
            Assert.True(await Signals.WaitForExitAsync(pid, TimeSpan.FromSeconds(30)), $"service pid {pid} outlived its supervisor");
    }

    /// <summary>An unrelated long-lived process in a session of its own (setsid execs in place: same pid), killed when disposed.</summary>
    public sealed class Sleeper(Process process) : IDisposable
    {
        public int Id => process.Id;

        public static Sleeper Start() => new(Process.Start(new ProcessStartInfo("setsid", ["sleep", "600"]) { UseShellExecute = false })!);

        public void Dispose()
        {
            try { process.Kill(); } catch (InvalidOperationException) { /* already gone */ }
            process.Dispose();
        }
    }
}
