namespace Wharf.Hosting.Control;

/// <summary>
/// A service's requests to the supervisor over its control channel, matched to their replies by
/// sequence number. The channel's one reader (<see cref="ServiceHost"/>) hands replies in here.
/// </summary>
internal sealed class SupervisorRequests(JsonLineChannel<ControlMessage, ControlMessage> channel)
{
    private readonly Dictionary<long, TaskCompletionSource<ControlReply>> _pending = [];
    private long _seq;
    private bool _gone;

    public async Task<ControlReply> AskAsync(ControlRequest request, CancellationToken cancellationToken)
    {
        var seq = Interlocked.Increment(ref _seq);
        var answer = new TaskCompletionSource<ControlReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_pending)
        {
            if (_gone) return Gone();
            _pending[seq] = answer;
        }
        try
        {
            await channel.WriteAsync(new ControlMessage { Type = ControlMessage.Types.Request, Seq = seq, Request = request }, cancellationToken).ConfigureAwait(false);
            return await answer.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            return Gone();
        }
        finally
        {
            lock (_pending) _pending.Remove(seq);
        }
    }

    public void Complete(ControlMessage reply)
    {
        TaskCompletionSource<ControlReply>? waiter;
        lock (_pending) _pending.TryGetValue(reply.Seq ?? 0, out waiter);
        waiter?.TrySetResult(reply.Reply ?? new ControlReply { Type = ControlReply.Types.Error, Message = "the supervisor sent an empty reply" });
    }

    /// <summary>End of the channel: nobody will answer what is pending.</summary>
    public void SupervisorGone()
    {
        lock (_pending)
        {
            _gone = true;
            foreach (var waiter in _pending.Values) waiter.TrySetResult(Gone());
        }
    }

    private static ControlReply Gone() => new() { Type = ControlReply.Types.Error, Message = "the supervisor is gone" };
}
