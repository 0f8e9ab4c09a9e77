using System.Runtime.InteropServices;
using Wharf.TestKit;

namespace Wharf.Cli.Tests;

/// <summary>Signals sent to this test process itself; TerminationSignals keeps it alive by cancelling each one.</summary>
public sealed class TerminationSignalsTests
{
    private const int SIGINT = 2;
    private const int SIGQUIT = 3;

    /// <summary>Sends <paramref name="signal"/> to this process and completes once the runtime dispatches it to its handlers.</summary>
    private static async Task SendAndSeeDispatchedAsync(int signal, PosixSignal posix)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (PosixSignalRegistration.Create(posix, _ => seen.TrySetResult()))
        {
            Signals.Send(Environment.ProcessId, signal);
            await seen.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    [Fact]
    public async Task While_an_editor_has_the_terminal_ctrl_c_and_ctrl_backslash_are_its_alone()
    {
        using var signals = new TerminationSignals();
        using (signals.HandTerminalToChild())
        {
            // Real signals, as a terminal sends them to the whole foreground group: one that no
            // handler cancelled would end this test process with its default action.
            await SendAndSeeDispatchedAsync(SIGINT, PosixSignal.SIGINT);
            await SendAndSeeDispatchedAsync(SIGQUIT, PosixSignal.SIGQUIT);

            // The decision itself, asked directly: the runtime runs handlers in an order it does
            // not promise, so the dispatch above cannot say when TerminationSignals' has run.
            var interrupt = new PosixSignalContext(PosixSignal.SIGINT);
            signals.Handle(interrupt);
            Assert.True(interrupt.Cancel, "Ctrl+C is the editor's: this process must not die of it");
            Assert.False(signals.Token.IsCancellationRequested);
        }

        Signals.Send(Environment.ProcessId, SIGINT);
        var cancelled = new TaskCompletionSource();
        await using var _ = signals.Token.Register(() => cancelled.TrySetResult());
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void While_an_editor_has_the_terminal_SIGTERM_still_stops_the_command()
    {
        using var signals = new TerminationSignals();
        using var _ = signals.HandTerminalToChild();

        var terminate = new PosixSignalContext(PosixSignal.SIGTERM);
        signals.Handle(terminate);

        Assert.True(terminate.Cancel);
        Assert.True(signals.Token.IsCancellationRequested);
    }

    [Fact]
    public void A_second_signal_is_left_to_end_the_process_as_usual()
    {
        using var signals = new TerminationSignals();
        signals.Handle(new PosixSignalContext(PosixSignal.SIGINT));

        var second = new PosixSignalContext(PosixSignal.SIGINT);
        signals.Handle(second);

        Assert.True(signals.Token.IsCancellationRequested);
        Assert.False(second.Cancel);
    }
}
