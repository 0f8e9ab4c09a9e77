using Wharf.Hosting.Control;

namespace Wharf.Supervisor;

/// <summary>Sends progress to the client at most once a second per service, never blocking the operation.</summary>
internal sealed class ProgressThrottle(Func<ControlReply, Task> reply)
{
    private readonly Dictionary<string, long> _lastSent = new();
    private readonly Lock _lock = new();
    private Task _sending = Task.CompletedTask;

    public void Report(string service, string message, double? secondsLeft)
    {
        var now = Environment.TickCount64;
        lock (_lock)
        {
            if (_lastSent.TryGetValue(service, out var last) && now - last < 1000) return;
            _lastSent[service] = now;
            var line = new ControlReply { Type = ControlReplyType.Progress, Service = service, Message = message, SecondsLeft = secondsLeft };
            _sending = _sending.ContinueWith(_ => reply(line)).Unwrap();
        }
    }

    public Task FlushAsync()
    {
        lock (_lock) return _sending.ContinueWith(_ => { });
    }
}
