using System.Collections;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Runtime.InteropServices;
using System.Text.Json.Serialization;
using AspNetWorker;

// A worker as an administrator would deploy it: it listens where ASPNETCORE_URLS (or PORT) says,
// and trusts forwarded headers only because ASPNETCORE_FORWARDEDHEADERS_ENABLED tells ASP.NET Core
// to; nothing here knows about Wharf. Each endpoint lets a test make it behave one way.

// A slow start, for readiness tests: the socket is not bound until this has passed.
if (int.TryParse(Environment.GetEnvironmentVariable("WORKER_STARTUP_DELAY_MS"), out var startupDelay) && startupDelay > 0)
    Thread.Sleep(startupDelay);

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, WorkerJson.Default));

// Direct hand-off: sockets at fd 3 onward by systemd's convention (LISTEN_FDS, LISTEN_PID), which
// Kestrel's UseSystemd takes as an administrator's app would. Kestrel then drops ASPNETCORE_URLS
// ("Overriding address(es)"): the worker listens on the handed sockets only.
if (Environment.GetEnvironmentVariable("LISTEN_FDS") is { Length: > 0 })
    builder.WebHost.ConfigureKestrel(k => k.UseSystemd());
else if (Environment.GetEnvironmentVariable("ASPNETCORE_URLS") is not { Length: > 0 }
         && Environment.GetEnvironmentVariable("PORT") is { Length: > 0 } port)
    builder.WebHost.UseUrls($"http://127.0.0.1:{port}");

var app = builder.Build();
app.UseWebSockets();

var pid = Environment.ProcessId;
var sick = false;
var warmups = 0;
var leaked = new List<byte[]>();

app.MapGet("/", () => Volatile.Read(ref sick)
    ? Results.Text($"worker {pid} is sick\n", statusCode: 500)
    : Results.Text($"worker {pid}\n"));
app.MapGet("/pid", () => Results.Text(pid.ToString(System.Globalization.CultureInfo.InvariantCulture)));

// One line to stdout and one to stderr, each naming this process: what reaches the worker's log
// files shows who reads its pipes (across a /reboot, the supervisor's next image).
app.MapGet("/log", (string? text) =>
{
    Console.Out.WriteLine($"{pid} stdout {text}");
    Console.Out.Flush();
    Console.Error.WriteLine($"{pid} stderr {text}");
    Console.Error.Flush();
    return Results.Text(pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
});

app.MapGet("/env", () =>
{
    var env = new SortedDictionary<string, string>(StringComparer.Ordinal);
    foreach (DictionaryEntry e in Environment.GetEnvironmentVariables()) env[(string)e.Key] = (string?)e.Value ?? "";
    return Results.Json(env, WorkerJson.Default.SortedDictionaryStringString);
});

app.MapGet("/whoami", () => Results.Json(Identity.Current(), WorkerJson.Default.WhoAmI));

app.MapGet("/request", (HttpContext c) =>
{
    var headers = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
    foreach (var h in c.Request.Headers) headers[h.Key] = h.Value.ToString();
    return Results.Json(new RequestSeen(
        c.Connection.RemoteIpAddress?.ToString(), c.Connection.RemotePort, c.Request.Scheme,
        c.Request.Host.Value ?? "", c.Request.Protocol, c.Request.Path + c.Request.QueryString, headers), WorkerJson.Default.RequestSeen);
});

app.MapGet("/sleep", async (int ms, CancellationToken aborted) =>
{
    await Task.Delay(ms, aborted);
    return Results.Text($"slept {ms} ms in {pid}\n");
});

app.MapGet("/leak", (int mb) =>
{
    // Touched, so it is resident anonymous memory (private bytes), not just reserved address space.
    var block = new byte[mb * 1024 * 1024];
    Array.Fill(block, (byte)1);
    lock (leaked) leaked.Add(block);
    long total;
    lock (leaked) total = leaked.Sum(b => (long)b.Length);
    return Results.Text($"holding {total / (1024 * 1024)} MB in {pid}\n");
});

app.MapGet("/cpu", (int ms) =>
{
    var clock = Stopwatch.StartNew();
    var spins = 0L;
    while (clock.ElapsedMilliseconds < ms) spins++;
    return Results.Text($"busy {ms} ms in {pid} ({spins} spins)\n");
});

// Exits at once, with nothing flushed: what a crash looks like from outside.
app.MapGet("/crash", () =>
{
    Native.Exit(70);
    return Results.Text("unreachable");
});

app.MapGet("/recycle-me", (HttpContext c) =>
{
    c.Response.Headers["Wharf-Recycle"] = "true";
    return Results.Text($"worker {pid} asks to be recycled\n");
});

app.MapGet("/sick", () => { Volatile.Write(ref sick, true); return Results.Text($"worker {pid} now answers / with 500\n"); });
app.MapGet("/well", () => { Volatile.Write(ref sick, false); return Results.Text($"worker {pid} now answers / with 200\n"); });

app.MapGet("/warmup", () => Results.Text($"{Interlocked.Increment(ref warmups)}\n"));
app.MapGet("/warmups", () => Results.Text($"{Volatile.Read(ref warmups)}\n"));

// Server-sent events, each flushed, MS apart: a proxy that buffers delivers them all at the end.
app.MapGet("/sse", async (HttpContext c, int? n, int? ms) =>
{
    c.Response.ContentType = "text/event-stream";
    c.Response.Headers.CacheControl = "no-cache";
    for (var i = 1; i <= (n ?? 5); i++)
    {
        await c.Response.WriteAsync($"id: {i}\ndata: event {i} from {pid}\n\n", c.RequestAborted);
        await c.Response.Body.FlushAsync(c.RequestAborted);
        if (i < (n ?? 5)) await Task.Delay(ms ?? 300, c.RequestAborted);
    }
});

// A chunked body written in pieces, each flushed.
app.MapGet("/stream", async (HttpContext c, int? n, int? ms) =>
{
    c.Response.ContentType = "text/plain";
    for (var i = 1; i <= (n ?? 5); i++)
    {
        await c.Response.WriteAsync($"piece {i} of {n ?? 5}\n", c.RequestAborted);
        await c.Response.Body.FlushAsync(c.RequestAborted);
        if (i < (n ?? 5)) await Task.Delay(ms ?? 200, c.RequestAborted);
    }
});

// The request body back, as it arrives: request streaming through the proxy.
app.MapPost("/echo", async (HttpContext c) =>
{
    c.Response.ContentType = c.Request.ContentType ?? "application/octet-stream";
    await c.Request.Body.CopyToAsync(c.Response.Body, c.RequestAborted);
});

// The request body's length and SHA-256, read as it arrives: request streaming without needing a full-duplex client.
app.MapPost("/digest", async (HttpContext c) =>
{
    using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
    var buffer = new byte[64 * 1024];
    long length = 0;
    int n;
    while ((n = await c.Request.Body.ReadAsync(buffer, c.RequestAborted)) > 0)
    {
        sha.AppendData(buffer, 0, n);
        length += n;
    }
    return Results.Text($"{length} {Convert.ToHexStringLower(sha.GetHashAndReset())}\n");
});

app.Map("/ws", async (HttpContext c) =>
{
    if (!c.WebSockets.IsWebSocketRequest)
    {
        c.Response.StatusCode = 400;
        return;
    }
    using var socket = await c.WebSockets.AcceptWebSocketAsync();
    var buffer = new byte[64 * 1024];
    while (true)
    {
        var received = await socket.ReceiveAsync(buffer, c.RequestAborted);
        if (received.MessageType == WebSocketMessageType.Close)
        {
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", c.RequestAborted);
            return;
        }
        await socket.SendAsync(buffer.AsMemory(0, received.Count), received.MessageType, received.EndOfMessage, c.RequestAborted);
    }
});

// Anything else, so a test sees which path reached the worker (an application under a site).
app.MapFallback((HttpContext c) => Results.Text($"worker {pid} saw {c.Request.PathBase}{c.Request.Path}\n", statusCode: 404));

app.Run();

namespace AspNetWorker
{
    internal sealed record WhoAmI(int Uid, int Gid, string User, string Groups);

    internal sealed record RequestSeen(
        string? RemoteIpAddress, int RemotePort, string Scheme, string Host, string Protocol, string Url,
        SortedDictionary<string, string> Headers);

    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
    [JsonSerializable(typeof(WhoAmI))]
    [JsonSerializable(typeof(RequestSeen))]
    [JsonSerializable(typeof(SortedDictionary<string, string>))]
    internal sealed partial class WorkerJson : JsonSerializerContext;

    internal static class Identity
    {
        // /proc/self/status has the real ids ("Uid:\treal\teffective\tsaved\tfs") and the supplementary groups.
        public static WhoAmI Current()
        {
            var lines = File.ReadAllLines("/proc/self/status");
            string Field(string name) => lines.First(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..].Trim();
            var uid = int.Parse(Field("Uid").Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
            var gid = int.Parse(Field("Gid").Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
            return new WhoAmI(uid, gid, Environment.UserName, Field("Groups"));
        }
    }

    internal static partial class Native
    {
        [LibraryImport("libc", EntryPoint = "_exit")]
        public static partial void Exit(int status);
    }
}
