using Microsoft.Extensions.Time.Testing;
using Wharf.Www.Pools.Health;

namespace Wharf.Www.Tests.Pools.Health;

/// <summary>The health and warm-up client against a real small HTTP server, on a unix socket and on 127.0.0.1.</summary>
public sealed class WorkerProbeTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);
    private readonly ShortTempFolder _folder = new();

    private static WorkerProbe ProbeOf(string endpoint, TimeProvider? time = null) =>
        new(WorkerEndpoint.Parse(endpoint) ?? throw new InvalidOperationException(endpoint), time ?? TimeProvider.System);

    [Fact]
    public async Task A_200_over_a_unix_socket_is_healthy_and_the_request_carries_the_path_host_and_agent()
    {
        await using var worker = TinyWorker.OnUnixSocket(_folder["w.sock"], _ => 200);
        using var probe = ProbeOf(worker.Endpoint);

        var result = await probe.GetAsync("shop.example", "/health?deep=1", Limit, CancellationToken.None);

        Assert.True(result.IsHealthy);
        Assert.Equal("200 from /health", result.Describe("/health", Limit));
        var request = await worker.NextRequestAsync();
        Assert.Equal("GET /health?deep=1 HTTP/1.1", request.Line);
        Assert.Equal("shop.example", request.Host);
        Assert.Equal(WorkerProbe.UserAgent, request.UserAgent);
    }

    [Theory]
    [InlineData(404, true)]
    [InlineData(499, true)]
    [InlineData(500, false)]
    [InlineData(503, false)]
    public async Task Any_answer_below_500_over_loopback_is_healthy(int status, bool healthy)
    {
        await using var worker = TinyWorker.OnLoopback(_ => status);
        using var probe = ProbeOf(worker.Endpoint);

        var result = await probe.GetAsync("localhost", "/", Limit, CancellationToken.None);

        Assert.Equal(ProbeOutcome.Answered, result.Outcome);
        Assert.Equal(healthy, result.IsHealthy);
        Assert.Equal($"{status} from /", result.Describe("/", Limit));
    }

    [Fact]
    public async Task A_worker_that_never_answers_is_no_answer_once_the_limit_passes_on_the_clock()
    {
        var time = new FakeTimeProvider();
        await using var worker = TinyWorker.OnUnixSocket(_folder["w.sock"], _ => TinyWorker.Hang);
        using var probe = ProbeOf(worker.Endpoint, time);

        var probing = probe.GetAsync("localhost", "/health", Limit, CancellationToken.None);
        await worker.NextRequestAsync();
        Assert.False(probing.IsCompleted);
        time.Advance(Limit);
        var result = await probing.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(ProbeOutcome.NoAnswer, result.Outcome);
        Assert.Equal("no answer in 90 s", result.Describe("/health", Limit));
    }

    [Fact]
    public async Task No_socket_file_and_a_closed_port_are_both_connection_refused()
    {
        using var missing = ProbeOf("unix:" + _folder["none.sock"]);
        var port = Wharf.TestKit.FreePort.Next();
        using var closed = ProbeOf("127.0.0.1:" + port);

        var noFile = await missing.GetAsync("localhost", "/", Limit, CancellationToken.None);
        var noListener = await closed.GetAsync("localhost", "/", Limit, CancellationToken.None);

        Assert.Equal(ProbeOutcome.Refused, noFile.Outcome);
        Assert.Equal(ProbeOutcome.Refused, noListener.Outcome);
        Assert.Equal("connection refused", noListener.Describe("/", Limit));
    }

    [Fact]
    public async Task A_socket_file_nobody_listens_on_is_connection_refused()
    {
        // Bound, not listening: a worker that has made its socket and not yet called listen().
        var path = _folder["early.sock"];
        using var bound = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        bound.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(path));
        using var probe = ProbeOf("unix:" + path);

        var result = await probe.GetAsync("localhost", "/", Limit, CancellationToken.None);

        Assert.Equal(ProbeOutcome.Refused, result.Outcome);
    }

    [Fact]
    public async Task A_connection_closed_without_an_answer_says_so()
    {
        await using var worker = TinyWorker.OnLoopback(_ => TinyWorker.Close);
        using var probe = ProbeOf(worker.Endpoint);

        var result = await probe.GetAsync("localhost", "/", Limit, CancellationToken.None);

        Assert.Equal(ProbeOutcome.Failed, result.Outcome);
        Assert.False(result.IsHealthy);
        Assert.Equal("the connection closed without an answer", result.Describe("/", Limit));
    }

    [Theory]
    [InlineData("unix:/run/w.sock", true)]
    [InlineData("127.0.0.1:5000", true)]
    [InlineData("unix:relative.sock", false)]
    [InlineData("127.0.0.1:0", false)]
    [InlineData("localhost:80", false)]
    [InlineData("", false)]
    public void Endpoints_are_read_in_the_supervisor_s_two_forms_only(string endpoint, bool valid) =>
        Assert.Equal(valid, WorkerEndpoint.Parse(endpoint) is not null);

    [Fact]
    public async Task A_path_that_would_change_the_authority_is_not_sent()
    {
        await using var worker = TinyWorker.OnLoopback(_ => 200);
        using var probe = ProbeOf(worker.Endpoint);

        var result = await probe.GetAsync("localhost", "//evil.example/x", Limit, CancellationToken.None);

        Assert.Equal(ProbeOutcome.Failed, result.Outcome);
        Assert.False(worker.Requests.Reader.TryRead(out _));
    }

    public void Dispose() => _folder.Dispose();
}
