using Wharf.TestKit;

namespace Wharf.Cli.Tests;

/// <summary>Signals sent to this test process itself; TerminationSignals keeps it alive by cancelling each one.</summary>
public sealed class TerminationSignalsTests
{
    private const int SIGINT = 2;
    private const int SIGQUIT = 3;

    [Fact]
    public async Task While_an_editor_has_the_terminal_ctrl_c_and_ctrl_backslash_are_its_alone()
    {
        using var signals = new TerminationSignals();
        using (signals.HandTerminalToChild())
        {
            Signals.Send(Environment.ProcessId, SIGINT);
            Signals.Send(Environment.ProcessId, SIGQUIT);
            await Task.Delay(300);
            Assert.False(signals.Token.IsCancellationRequested);
        }

        Signals.Send(Environment.ProcessId, SIGINT);
        var cancelled = new TaskCompletionSource();
        await using var _ = signals.Token.Register(() => cancelled.TrySetResult());
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
