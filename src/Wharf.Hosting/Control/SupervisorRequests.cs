namespace Wharf.Hosting.Control;

/// <summary>
/// A service's requests to the supervisor over its control channel, matched to their replies by
/// sequence number. The channel's one reader (<see cref="ServiceHost"/>) hands replies in here.
/// </summary>
internal sealed class SupervisorRequests(JsonLineChannel<ControlMessage, ControlMessage> channel)
{
    private readonly Dictionary<long, (TaskCompletionSource<ControlReply> Answer, Action<ControlReply>? Progress)> _pending = [];
    private long _seq;
    private bool _gone;

    public Task<ControlReply> AskAsync(ControlRequest request, CancellationToken cancellationToken) => AskAsync(request, null, cancellationToken);

    public async Task<ControlReply> AskAsync(ControlRequest request, Action<ControlReply>? progress, CancellationToken cancellationToken)
    {
        var seq = Interlocked.Increment(ref _seq);
        var answer = new TaskCompletionSource<ControlReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_pending)
        {
            if (_gone) return Gone();
            _pending[seq] = (answer, progress);
        }
        try
        {
            await channel.WriteAsync(new ControlMessage { Type = ControlMessageType.Request, Seq = seq, Request = request }, cancellationToken).ConfigureAwait(false);
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

    /// <summary>A reply line: progress goes to the asker's callback, anything else completes the request.</summary>
    public void Complete(ControlMessage reply)
    {
        (TaskCompletionSource<ControlReply> Answer, Action<ControlReply>? Progress) waiter;
        lock (_pending)
            if (!_pending.TryGetValue(reply.Seq ?? 0, out waiter)) return;
        if (reply.Reply is { Type: ControlReplyType.Progress } progress)
        {
            waiter.Progress?.Invoke(progress);
            return;
        }
        waiter.Answer.TrySetResult(reply.Reply ?? new ControlReply { Type = ControlReplyType.Error, Message = "the supervisor sent an empty reply" });
    }

    /// <summary>End of the channel: nobody will answer what is pending.</summary>
    public void SupervisorGone()
    {
        lock (_pending)
        {
            _gone = true;
            foreach (var waiter in _pending.Values) waiter.Answer.TrySetResult(Gone());
        }
    }

    private static ControlReply Gone() => new() { Type = ControlReplyType.Error, Message = "the supervisor is gone" };
}
