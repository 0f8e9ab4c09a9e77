using System.Net.Sockets;
using System.Text;

namespace Wharf.Cli.Tests;

/// <summary>One request as the fake admin API received it.</summary>
internal sealed record AdminExchange(string Method, string Target, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string Path => Target.Split('?', 2)[0];
    public string Query => Target.Contains('?', StringComparison.Ordinal) ? Target.Split('?', 2)[1] : "";
    public string? IfMatch => Headers.GetValueOrDefault("if-match");
}

/// <summary>What the fake answers: a status, a body (JSON as the API writes it) and an optional ETag version.</summary>
internal sealed record FakeAnswer(int Status, string Body = "", long? ETag = null)
{
    public static FakeAnswer Json(string body, long? etag = null) => new(200, body, etag);

    public static FakeAnswer Error(int status, string error, string extra = "") =>
        new(status, $$"""{"error":{{System.Text.Json.JsonSerializer.Serialize(error)}}{{extra}}}""");
}

/// <summary>
/// A test double of the admin API on run/admin.sock, for the CLI's requests, rendering and exit
/// codes: a hand-written HTTP/1.1 responder that records each request and answers the scripted
/// answers in order (500 once they run out), one request per connection.
/// </summary>
internal sealed class FakeAdminApi : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly Task _serving;
    private readonly Queue<FakeAnswer> _answers;
    private readonly List<AdminExchange> _requests = [];

    public FakeAdminApi(TempRoot root, params FakeAnswer[] answers)
    {
        _answers = new Queue<FakeAnswer>(answers);
        Directory.CreateDirectory(root.Data.RunFolder);
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(root.Data.AdminSocket));
        _listener.Listen(8);
        _serving = ServeAsync();
    }

    public IReadOnlyList<AdminExchange> Requests
    {
        get { lock (_requests) return [.. _requests]; }
    }

    public AdminExchange Single => Assert.Single(Requests);

    private async Task ServeAsync()
    {
        try
        {
            while (true)
            {
                using var client = await _listener.AcceptAsync();
                await using var stream = new NetworkStream(client, ownsSocket: false);
                var request = await ReadAsync(stream);
                if (request is null) continue;
                FakeAnswer answer;
                lock (_requests)
                {
                    _requests.Add(request);
                    answer = _answers.Count > 0 ? _answers.Dequeue() : FakeAnswer.Error(500, "the fake admin API has no more answers");
                }
                await WriteAsync(stream, answer);
                client.Shutdown(SocketShutdown.Send);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException) { }
    }

    private static async Task<AdminExchange?> ReadAsync(Stream stream)
    {
        var buffer = new List<byte>();
        var chunk = new byte[4096];
        int end;
        while ((end = HeaderEnd(buffer)) < 0)
        {
            var n = await stream.ReadAsync(chunk);
            if (n == 0) return null;
            buffer.AddRange(chunk.AsSpan(0, n));
        }

        var head = Encoding.ASCII.GetString([.. buffer.Take(end)]).Split("\r\n");
        var requestLine = head[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in head.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
        }
        Assert.False(headers.ContainsKey("transfer-encoding"), "the fake reads Content-Length bodies only");

        var length = headers.TryGetValue("content-length", out var declared) ? int.Parse(declared) : 0;
        var body = buffer.Skip(end + 4).ToList();
        while (body.Count < length)
        {
            var n = await stream.ReadAsync(chunk);
            if (n == 0) break;
            body.AddRange(chunk.AsSpan(0, n));
        }
        return new AdminExchange(requestLine[0], requestLine[1], headers, Encoding.UTF8.GetString([.. body]));
    }

    private static int HeaderEnd(List<byte> buffer)
    {
        for (var i = 0; i + 3 < buffer.Count; i++)
            if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n') return i;
        return -1;
    }

    private static async Task WriteAsync(Stream stream, FakeAnswer answer)
    {
        var body = Encoding.UTF8.GetBytes(answer.Body);
        var head = new StringBuilder($"HTTP/1.1 {answer.Status} Scripted\r\n");
        if (body.Length > 0) head.Append("Content-Type: application/json; charset=utf-8\r\n");
        if (answer.ETag is { } tag) head.Append($"ETag: \"{tag}\"\r\n");
        head.Append($"Content-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        await stream.WriteAsync(body);
        await stream.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        try { await _serving.WaitAsync(TimeSpan.FromSeconds(5)); }
        catch (TimeoutException) { }
    }
}
