using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Wharf.Www.Tests.Pools;

/// <summary>
/// A pool worker in the test process: Kestrel on a Unix socket, as a worker listens by default,
/// answering with what it was sent, a server-sent event stream the test paces, a WebSocket echo,
/// a request it holds until told, and a response that asks to be recycled.
/// </summary>
internal sealed class TestWorker : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestWorker(WebApplication app, string socketPath)
    {
        _app = app;
        SocketPath = socketPath;
    }

    public string SocketPath { get; }

    public string Endpoint => "unix:" + SocketPath;

    /// <summary>Completed by the test to let the second server-sent event go.</summary>
    public TaskCompletionSource SecondEvent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completed by the worker when /app/hold has arrived; the test completes <see cref="Release"/> to end it.</summary>
    public TaskCompletionSource Holding { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<TestWorker> StartAsync(string socketPath)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.ListenUnixSocket(socketPath);
            // So that /app/latin1 can send a byte above 0x7F, as a worker not written in .NET may.
            k.ResponseHeaderEncodingSelector = _ => Encoding.Latin1;
        });
        var app = builder.Build();
        var worker = new TestWorker(app, socketPath);
        app.UseWebSockets();
        app.Run(worker.HandleAsync);
        await app.StartAsync();
        return worker;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        switch (request.Path.Value)
        {
            case "/app/echo":
                var text = new StringBuilder();
                text.Append("path=").Append(request.Path).Append(request.QueryString).Append('\n');
                foreach (var name in new[] { "Host", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Prefix", "Forwarded" })
                    text.Append(name).Append('=').Append(request.Headers[name].ToString()).Append('\n');
                if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
                    text.Append("body=").Append(await new StreamReader(request.Body).ReadToEndAsync()).Append('\n');
                await response.WriteAsync(text.ToString());
                return;
            case "/app/sse":
                response.ContentType = "text/event-stream";
                await response.WriteAsync("data: one\n\n");
                await response.Body.FlushAsync();
                await SecondEvent.Task;
                await response.WriteAsync("data: two\n\n");
                return;
            case "/app/apart":
                // A head of known length alone, the body once the test has seen the head.
                response.ContentLength = 4;
                await response.Body.FlushAsync();
                await SecondEvent.Task;
                await response.WriteAsync("body");
                return;
            case "/app/ws":
                using (var socket = await context.WebSockets.AcceptWebSocketAsync())
                {
                    var buffer = new byte[1024];
                    var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
                    await socket.SendAsync(buffer.AsMemory(0, received.Count), WebSocketMessageType.Text, true, CancellationToken.None);
                    await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
                }
                return;
            case "/app/hold":
                Holding.TrySetResult();
                await Release.Task;
                await response.WriteAsync("released");
                return;
            case "/app/latin1":
                response.Headers["X-Name"] = "caf\u00e9";
                await response.WriteAsync("not for the client");
                return;
            case "/app/recycle":
                response.Headers["Wharf-Recycle"] = "memory leak";
                await response.WriteAsync("asked");
                return;
            default:
                response.StatusCode = 404;
                return;
        }
    }

    /// <summary>As a crash looks from outside: every connection cut, requests in hand too.</summary>
    public async Task KillAsync()
    {
        await _app.StopAsync(new CancellationToken(canceled: true));
        await DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (File.Exists(SocketPath)) File.Delete(SocketPath);
    }
}
