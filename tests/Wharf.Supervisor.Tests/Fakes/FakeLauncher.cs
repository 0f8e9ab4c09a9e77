using Wharf.Supervisor.Lifecycle;

namespace Wharf.Supervisor.Tests.Fakes;

/// <summary>Launches <see cref="FakeService"/>s: each start is a new pid and a new channel, handed to the test through <see cref="Started"/>.</summary>
internal sealed class FakeLauncher : IProcessLauncher
{
    private readonly List<FakeService> _services = [];
    private TaskCompletionSource<FakeService> _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the next service this launcher starts.</summary>
    public Task<FakeService> NextLaunch
    {
        get { lock (_services) return _next.Task; }
    }
    private int _nextPid = 1000;

    /// <summary>Whether a service it starts says ready at once (false: the test decides).</summary>
    public bool SayReady { get; set; } = true;

    public IReadOnlyList<FakeService> Services
    {
        get { lock (_services) return _services.ToArray(); }
    }

    private readonly Dictionary<int, TaskCompletionSource> _cleanedUp = [];

    /// <summary>Completes once the supervisor has cleaned up after <paramref name="pid"/> (its exit is fully seen).</summary>
    public Task CleanedUpAsync(int pid) => Cleaned(pid).Task;

    private TaskCompletionSource Cleaned(int pid)
    {
        lock (_cleanedUp)
        {
            if (!_cleanedUp.TryGetValue(pid, out var done)) _cleanedUp[pid] = done = new(TaskCreationOptions.RunContinuationsAsynchronously);
            return done;
        }
    }

    public bool ChangesAccounts => false;

    public LaunchedService StartService(string service, IReadOnlyDictionary<string, int> listeners, string configPath, long configVersion, UnixAccount? account,
        IReadOnlyDictionary<string, string>? environment, string? viewsFolder)
    {
        var (launched, fake) = FakeService.Create(Interlocked.Increment(ref _nextPid));
        TaskCompletionSource<FakeService> waiter;
        lock (_services)
        {
            _services.Add(fake);
            waiter = _next;
            _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        waiter.TrySetResult(fake);
        if (SayReady) _ = fake.SayReadyAsync();
        return launched;
    }

    public string? CannotRun(UnixAccount account, string configPath) => null;

    public void StartProgram(string commandLine, string service, int failCount, UnixAccount account) { }

    public (int ExitCode, string Error) RunToEnd(string program, IReadOnlyList<string> arguments) => (1, "a fake launcher runs nothing");

    public void CleanUpAfter(int pid) => Cleaned(pid).TrySetResult();

    public async ValueTask DisposeAllAsync()
    {
        foreach (var s in Services) await s.DisposeAsync();
    }
}
