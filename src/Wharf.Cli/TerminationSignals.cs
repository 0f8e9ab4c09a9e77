using System.Runtime.InteropServices;

namespace Wharf.Cli;

/// <summary>
/// The first SIGINT or SIGTERM cancels the token and lets the command finish in its own time
/// (`wharf serve` stops its services by their deadlines, which can be a minute); a second one
/// terminates the process as usual.
/// </summary>
internal sealed class TerminationSignals : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly PosixSignalRegistration[] _registrations;

    public TerminationSignals() =>
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];

    public CancellationToken Token => _cancellation.Token;

    private int _childHasTerminal;

    /// <summary>
    /// While a child owns the terminal (`wharf config edit`'s editor), Ctrl+C and Ctrl+\ reach
    /// it and the whole foreground group: they are the child's to act on (vi uses Ctrl+C), so this
    /// process neither stops nor counts them, as git does around its editor. SIGTERM still counts.
    /// </summary>
    public IDisposable HandTerminalToChild()
    {
        Interlocked.Increment(ref _childHasTerminal);
        var quit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, context => context.Cancel = true);
        return new Handback(this, quit);
    }

    private sealed class Handback(TerminationSignals owner, PosixSignalRegistration quit) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            quit.Dispose();
            Interlocked.Decrement(ref owner._childHasTerminal);
        }
    }

    // Internal for the tests: what a signal decides, without waiting on the runtime's dispatch thread.
    internal void Handle(PosixSignalContext context)
    {
        if (context.Signal == PosixSignal.SIGINT && Volatile.Read(ref _childHasTerminal) > 0)
        {
            context.Cancel = true;
            return;
        }
        if (_cancellation.IsCancellationRequested) return;
        context.Cancel = true;
        _cancellation.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _cancellation.Dispose();
    }
}
