using Wharf.Hosting.Control;

namespace Wharf.Hosting.Tests;

public sealed class JsonLineChannelTests
{
    // The channel's own limit (JsonLineChannel.MaxLineBytes): a control line is small.
    private const int Limit = 1 << 20;

    private static readonly ControlMessage Ping = new() { Type = ControlMessageType.Ping, Seq = 7 };

    [Fact]
    public async Task Values_are_read_one_per_line_skipping_blank_lines_then_null_at_end_of_stream()
    {
        await using var channel = Channels.Reading("\n" + Channels.Line(Ping) + "\n\n" + Channels.Line(Ping with { Seq = 8 }));

        Assert.Equal(7, (await channel.ReadAsync())!.Seq);
        Assert.Equal(8, (await channel.ReadAsync())!.Seq);
        Assert.Null(await channel.ReadAsync());
        Assert.Null(await channel.ReadAsync());
    }

    [Fact]
    public async Task A_last_line_without_its_newline_is_still_a_value()
    {
        await using var channel = Channels.Reading(Channels.Line(Ping).TrimEnd('\n'));

        Assert.Equal(Ping, await channel.ReadAsync());
        Assert.Null(await channel.ReadAsync());
    }

    [Theory]
    [InlineData("{\"type\":")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("null")]
    [InlineData("{\"seq\":1}")] // no type, which every message has
    public async Task A_malformed_line_is_invalid_data_not_a_value(string line)
    {
        await using var channel = Channels.Reading(line + "\n" + Channels.Line(Ping));

        await Assert.ThrowsAsync<InvalidDataException>(() => channel.ReadAsync());
        // The broken line was consumed whole: the reader is not stuck on it.
        Assert.Equal(Ping, await channel.ReadAsync());
    }

    [Fact]
    public async Task A_line_over_the_limit_is_refused_even_when_it_is_valid_json()
    {
        var over = Ping with { Detail = new string('x', Limit) };
        await using var channel = Channels.Reading(Channels.Line(over) + Channels.Line(Ping));

        await Assert.ThrowsAsync<InvalidDataException>(() => channel.ReadAsync());
        Assert.Equal(Ping, await channel.ReadAsync());
    }

    [Fact]
    public async Task A_line_just_under_the_limit_is_read()
    {
        var framing = Channels.Line(Ping with { Detail = "" }).Length - 1;
        var under = Ping with { Detail = new string('x', Limit - framing) };
        await using var channel = Channels.Reading(Channels.Line(under));

        Assert.Equal(under.Detail, (await channel.ReadAsync())!.Detail);
    }

    [Fact]
    public async Task A_written_value_is_one_line_the_other_end_reads_back()
    {
        using var pair = new SocketPair();
        await using var service = Channels.Over(pair.A);
        await using var supervisor = Channels.Over(pair.B);
        var stop = new ControlMessage { Type = ControlMessageType.Stop, DeadlineMs = 1500, Detail = "line\nbreak and \"quotes\"" };

        await service.WriteAsync(stop);

        Assert.Equal(stop, await supervisor.ReadAsync());
    }

    [Fact]
    public async Task Writers_on_many_threads_never_interleave_their_lines()
    {
        const int Writers = 64;
        using var pair = new SocketPair();
        await using var service = Channels.Over(pair.A);
        await using var supervisor = Channels.Over(pair.B);
        // Large enough that one line takes more than one send on the socket.
        var padding = new string('p', 300_000);

        var writes = Enumerable.Range(1, Writers).Select(i => Task.Run(() => service.WriteAsync(Ping with { Seq = i, Detail = padding })));
        var reads = Task.Run(async () =>
        {
            var seen = new List<long>();
            for (var i = 0; i < Writers; i++)
            {
                var message = await supervisor.ReadAsync();
                Assert.Equal(padding, message!.Detail);
                seen.Add(message.Seq!.Value);
            }
            return seen;
        });
        await Task.WhenAll(writes).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(Enumerable.Range(1, Writers).Select(i => (long)i), (await reads.WaitAsync(TimeSpan.FromSeconds(30))).Order());
    }

    [Fact]
    public async Task The_peer_closing_its_end_is_end_of_stream()
    {
        using var pair = new SocketPair();
        await using var service = Channels.Over(pair.A);
        var reading = service.ReadAsync();

        pair.B.Shutdown(System.Net.Sockets.SocketShutdown.Send);

        Assert.Null(await reading.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
