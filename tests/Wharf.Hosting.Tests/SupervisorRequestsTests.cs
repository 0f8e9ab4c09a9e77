using Wharf.Hosting.Control;

namespace Wharf.Hosting.Tests;

/// <summary>
/// A service's requests to the supervisor: the test is the supervisor at the far end of the
/// channel, and hands replies in as ServiceHost, the channel's one reader, does.
/// </summary>
public sealed class SupervisorRequestsTests : IAsyncLifetime
{
    private readonly SocketPair _pair = new();
    private readonly JsonLineChannel<ControlMessage, ControlMessage> _service;
    private readonly JsonLineChannel<ControlMessage, ControlMessage> _supervisor;
    private readonly SupervisorRequests _requests;

    public SupervisorRequestsTests()
    {
        _service = Channels.Over(_pair.A);
        _supervisor = Channels.Over(_pair.B);
        _requests = new SupervisorRequests(_service);
    }

    private static ControlRequest Applied(long version) => new() { Command = ControlCommand.ConfigApplied, Version = version };

    private static ControlMessage ReplyTo(ControlMessage request, string message) => new()
    {
        Type = ControlMessageType.Reply,
        Seq = request.Seq,
        Reply = new ControlReply { Type = ControlReplyType.Result, Ok = true, Message = message, ConfigVersion = request.Request!.Version },
    };

    private async Task<ControlMessage> NextRequestAsync()
    {
        var message = await _supervisor.ReadAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(message);
        Assert.Equal(ControlMessageType.Request, message.Type);
        return message;
    }

    [Fact]
    public async Task Replies_answered_out_of_order_reach_the_request_with_their_seq()
    {
        var first = _requests.AskAsync(Applied(5), CancellationToken.None);
        var firstSent = await NextRequestAsync();
        var second = _requests.AskAsync(Applied(6), CancellationToken.None);
        var secondSent = await NextRequestAsync();
        Assert.NotEqual(firstSent.Seq, secondSent.Seq);
        Assert.Equal((5L, 6L), (firstSent.Request!.Version!.Value, secondSent.Request!.Version!.Value));

        _requests.Complete(ReplyTo(secondSent, "second"));
        Assert.Equal("second", (await second.WaitAsync(TimeSpan.FromSeconds(10))).Message);
        Assert.False(first.IsCompleted, "the first request's reply has not been sent");

        _requests.Complete(ReplyTo(firstSent, "first"));
        var reply = await first.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(("first", 5L), (reply.Message, reply.ConfigVersion!.Value));
    }

    [Fact]
    public async Task A_reply_nobody_asked_for_is_dropped_and_the_pending_request_still_gets_its_own()
    {
        var asked = _requests.AskAsync(Applied(3), CancellationToken.None);
        var sent = await NextRequestAsync();

        _requests.Complete(ReplyTo(sent, "stray") with { Seq = sent.Seq + 1000 });
        _requests.Complete(ReplyTo(sent, "stray") with { Seq = null });
        _requests.Complete(ReplyTo(sent, "own"));

        Assert.Equal("own", (await asked.WaitAsync(TimeSpan.FromSeconds(10))).Message);
    }

    [Fact]
    public async Task An_empty_reply_is_an_error_not_a_success()
    {
        var asked = _requests.AskAsync(Applied(3), CancellationToken.None);
        var sent = await NextRequestAsync();

        _requests.Complete(new ControlMessage { Type = ControlMessageType.Reply, Seq = sent.Seq });

        var reply = await asked.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(ControlReplyType.Error, reply.Type);
        Assert.False(reply.Ok);
    }

    [Fact]
    public async Task Requests_pending_when_the_supervisor_goes_are_answered_with_an_error()
    {
        var first = _requests.AskAsync(Applied(1), CancellationToken.None);
        var second = _requests.AskAsync(Applied(2), CancellationToken.None);
        await NextRequestAsync();
        await NextRequestAsync();

        _requests.SupervisorGone();

        foreach (var reply in await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(10)))
            Assert.Equal((ControlReplyType.Error, false), (reply.Type, reply.Ok));
    }

    [Fact]
    public async Task After_the_supervisor_is_gone_a_request_is_refused_at_once_and_never_sent()
    {
        _requests.SupervisorGone();

        var reply = await _requests.AskAsync(Applied(1), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(ControlReplyType.Error, reply.Type);
        // Nothing reached the supervisor's end: closing the service's end leaves it nothing but end of stream.
        _pair.A.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        Assert.Null(await _supervisor.ReadAsync().WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_channel_that_cannot_be_written_is_the_supervisor_gone()
    {
        await _service.DisposeAsync();

        var reply = await _requests.AskAsync(Applied(1), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(ControlReplyType.Error, reply.Type);
    }

    [Fact]
    public async Task A_caller_that_gives_up_is_cancelled_and_its_late_reply_goes_nowhere()
    {
        using var giveUp = new CancellationTokenSource();
        var asked = _requests.AskAsync(Applied(1), giveUp.Token);
        var sent = await NextRequestAsync();

        await giveUp.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => asked.WaitAsync(TimeSpan.FromSeconds(10)));
        _requests.Complete(ReplyTo(sent, "late"));
        var next = _requests.AskAsync(Applied(2), CancellationToken.None);
        var nextSent = await NextRequestAsync();
        Assert.NotEqual(sent.Seq, nextSent.Seq);
        _requests.Complete(ReplyTo(nextSent, "next"));
        Assert.Equal("next", (await next.WaitAsync(TimeSpan.FromSeconds(10))).Message);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _service.DisposeAsync();
        await _supervisor.DisposeAsync();
        _pair.Dispose();
    }
}
