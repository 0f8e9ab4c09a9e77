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

    private void Handle(PosixSignalContext context)
    {
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
