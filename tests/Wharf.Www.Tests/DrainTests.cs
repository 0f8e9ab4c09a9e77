using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Wharf.Config.Model;
using Wharf.Www.Drain;
using Wharf.Www.Tests.Support;
using Xunit.Abstractions;

namespace Wharf.Www.Tests;

/// <summary>
/// A stop must drop no request: the service stops accepting at once without disturbing the
/// listening socket it shares with the supervisor, answers what it has with Connection: close,
/// and closes connections only between requests.
/// </summary>
public sealed class DrainTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);

    private readonly WwwHarness _www = new(output);
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task InitializeAsync()
    {
        _www.WriteFile("wwwroot/index.html", "default site");
        // Requests with ?hold wait here until the test releases them: a request in flight
        // whose response has not started.
        await _www.StartAsync(
            new WharfConfig { Sites = [WwwHarness.Site("Default Web Site", "wwwroot", _www.Binding(address: "*"))] },
            async (context, next) =>
            {
                if (context.Request.Query.ContainsKey("hold"))
                {
                    _held.TrySetResult();
                    await _release.Task;
                }
                await next(context);
            });
    }

    public async Task DisposeAsync()
    {
        _release.TrySetResult();
        await _www.DisposeAsync();
    }

    private async Task<RawHttpClient> KeepAliveClientAsync()
    {
        var client = await _www.ConnectAsync();
        await client.SendAsync("/");
        var first = await client.ReadResponseAsync();
        Assert.Equal(200, first.Status);
        Assert.Null(first.Connection);
        return client;
    }

    private async Task<Task> BeginStopAsync(TimeSpan deadline)
    {
        var stop = _www.StopAsync(deadline);
        await _www.Service.AcceptStopped.WaitAsync(TimeSpan.FromSeconds(20));
        return stop;
    }

    [Fact]
    public async Task Request_in_flight_gets_its_whole_response_with_Connection_close_then_EOF()
    {
        using var client = await KeepAliveClientAsync();
        await client.SendAsync("/index.html?hold");
        await _held.Task.WaitAsync(TimeSpan.FromSeconds(20));

        var stop = await BeginStopAsync(Generous);
        Assert.False(stop.IsCompleted, "stop waits for the request in flight");
        _release.SetResult();

        var response = await client.ReadResponseAsync();
        Assert.Equal(200, response.Status);
        Assert.Equal("default site", response.Body);
        Assert.Equal("close", response.Connection);
        Assert.True(await client.ClosedByServerAsync(), "the server closes the connection after the response");
        // With the last connection closed, the stop does not wait for the idle grace.
        await stop.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task New_connection_during_stop_waits_in_the_shared_backlog_not_refused()
    {
        using var busy = await KeepAliveClientAsync();
        await busy.SendAsync("/index.html?hold");
        await _held.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var stop = await BeginStopAsync(Generous);

        // The kernel completes the handshake (the socket still listens in the supervisor), but
        // this service no longer accepts, so nobody answers.
        using var late = await _www.ConnectAsync();
        await late.SendAsync("/");

        _release.SetResult();
        await busy.ReadResponseAsync();
        await stop.WaitAsync(TimeSpan.FromSeconds(20));

        // The supervisor's socket (the test's) still has it queued, request and all: the stopping
        // service never accepted it (had it, this accept would find nothing), and the next www
        // process would serve it.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var queued = await _www.Listener.AcceptAsync(cts.Token);
        var buffer = new byte[256];
        var read = await queued.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
        Assert.StartsWith("GET / HTTP/1.1", System.Text.Encoding.ASCII.GetString(buffer, 0, read));
    }

    [Fact]
    public async Task Shared_socket_still_listens_with_its_options_after_stop()
    {
        using (var client = await KeepAliveClientAsync())
            await _www.StopAsync(Generous);

        var listener = _www.Listener;
        Assert.Equal(1, (int)listener.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.AcceptConnection)!);
        Assert.False(listener.LingerState!.Enabled, "SO_LINGER of the shared socket must be left alone");

        using var after = await _www.ConnectAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var accepted = await listener.AcceptAsync(cts.Token);
        Assert.True(accepted.Connected);
    }

    [Fact]
    public async Task Idle_keep_alive_connection_is_closed_after_the_grace_without_a_cut()
    {
        using var idle = await KeepAliveClientAsync();
        var clock = Stopwatch.StartNew();
        await _www.StopAsync(Generous).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(clock.Elapsed >= ConnectionTracker.IdleGrace * 0.9, $"closed after {clock.Elapsed}, before the grace");
        Assert.Equal(DrainOutcome.AllIdle, _www.Service.LastDrainOutcome);
        Assert.True(await idle.ClosedByServerAsync(TimeSpan.FromSeconds(2)), "closed with FIN, not reset");
    }

    [Fact]
    public async Task Request_on_an_idle_connection_during_the_grace_is_answered_then_closed()
    {
        using var idle = await KeepAliveClientAsync();
        var stop = await BeginStopAsync(Generous);

        await idle.SendAsync("/");
        var response = await idle.ReadResponseAsync();
        Assert.Equal(200, response.Status);
        Assert.Equal("close", response.Connection);
        Assert.True(await idle.ClosedByServerAsync());
        await stop.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Stop_with_no_connections_returns_at_once()
    {
        await _www.StopAsync(Generous);

        // Not the idle grace, not the deadline: nothing was open, so nothing was waited for.
        Assert.Equal(DrainOutcome.NoConnections, _www.Service.LastDrainOutcome);
    }

    [Fact]
    public async Task Stop_returns_by_its_deadline_when_a_request_never_finishes()
    {
        using var stuck = await KeepAliveClientAsync();
        await stuck.SendAsync("/index.html?hold");
        await _held.Task.WaitAsync(TimeSpan.FromSeconds(20));

        var clock = Stopwatch.StartNew();
        var deadline = TimeSpan.FromMilliseconds(1500);
        await _www.StopAsync(deadline).WaitAsync(TimeSpan.FromSeconds(10));

        // Kestrel aborts at the deadline; the service allows application code one second more.
        Assert.True(clock.Elapsed >= deadline * 0.9, $"returned after {clock.Elapsed}, before its deadline");
        Assert.Equal(DrainOutcome.Deadline, _www.Service.LastDrainOutcome);
        await Assert.ThrowsAnyAsync<Exception>(() => stuck.ReadResponseAsync(TimeSpan.FromSeconds(2)));
    }
}
