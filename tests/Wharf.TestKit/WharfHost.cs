using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Wharf.TestKit;

/// <summary>
/// A real `wharf serve` on a scratch data root and free loopback ports. Readiness is awaited
/// the way systemd awaits it: READY=1 on a NOTIFY_SOCKET the host is given.
/// </summary>
public sealed class WharfHost : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private Process? _process;
    private Socket? _notify;

    private WharfHost(string root, int httpPort, int adminPort)
    {
        AdminPort = adminPort;
        Root = root;
        HttpPort = httpPort;
    }

    public string Root { get; }
    public int HttpPort { get; }

    /// <summary>The admin service's HTTPS endpoint (admin.https.port): a free port, not 8172, so hosts run side by side.</summary>
    public int AdminPort { get; }

    public string AdminUrl => $"https://127.0.0.1:{AdminPort}";
    public int? SupervisorPid => _process?.Id;
    public string BaseUrl => $"http://127.0.0.1:{HttpPort}";
    public EventLogReader Events => new(Path.Combine(Root, "logs", "events.log"));
    public string ConfigFile => Path.Combine(Root, "config", "wharf.json");

    /// <summary>A client of this host's admin API (run/admin.sock).</summary>
    public AdminApi Admin() => new(Root);

    /// <summary>What the supervisor and its services printed so far, for failure messages.</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>A scratch data root (short: Unix socket paths are limited) with a site on a free port.</summary>
    public static WharfHost Prepare(string? wwwServiceJson = null, int? port = null)
    {
        var root = Directory.CreateTempSubdirectory("wh.").FullName;
        // Other users must reach the control socket to be refused by it rather than by the file system.
        File.SetUnixFileMode(root, (UnixFileMode)0b111_101_101);
        var httpPort = port ?? FreePort.Next();
        var adminPort = FreePort.Next();
        Directory.CreateDirectory(Path.Combine(root, "config"));
        Directory.CreateDirectory(Path.Combine(root, "wwwroot"));
        File.WriteAllText(Path.Combine(root, "wwwroot", "index.html"), "<h1>hello from wharf</h1>\n");
        File.WriteAllText(Path.Combine(root, "config", "wharf.json"), $$"""
            {
              "version": 1,
              "services": { "www": {{wwwServiceJson ?? """{ "enabled": true }"""}} },
              "sites": [
                {
                  "id": 1,
                  "name": "Default Web Site",
                  "physicalPath": "wwwroot",
                  "bindings": [ { "protocol": "http", "address": "127.0.0.1", "port": {{httpPort}} } ]
                }
              ],
              "applicationPools": [ { "name": "DefaultAppPool" } ],
              "admin": { "https": { "port": {{adminPort}} } }
            }
            """);
        return new WharfHost(root, httpPort, adminPort);
    }

    /// <summary>A data root with nothing in it: `wharf serve` writes the default configuration.</summary>
    public static WharfHost PrepareEmpty(int defaultPort)
    {
        var root = Directory.CreateTempSubdirectory("wh.").FullName;
        File.SetUnixFileMode(root, (UnixFileMode)0b111_101_101);
        return new WharfHost(root, defaultPort, 8172);
    }

    public static async Task<WharfHost> StartAsync(string? wwwServiceJson = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var host = Prepare(wwwServiceJson);
        await host.StartAsync(environment);
        return host;
    }

    /// <summary>Starts `wharf serve` and returns once it has said READY=1.</summary>
    public async Task StartAsync(IReadOnlyDictionary<string, string>? environment = null, string? launcher = null, IEnumerable<string>? launcherArguments = null)
    {
        var notifyPath = Path.Combine(Root, "notify.sock");
        File.Delete(notifyPath);
        _notify?.Dispose();
        _notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        _notify.Bind(new UnixDomainSocketEndPoint(notifyPath));

        var start = new ProcessStartInfo(launcher ?? WharfPaths.Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in launcherArguments ?? []) start.ArgumentList.Add(a);
        foreach (var a in new[] { "serve", "--root", Root }) start.ArgumentList.Add(a);
        start.Environment["NOTIFY_SOCKET"] = notifyPath;
        if (environment is not null) foreach (var (k, v) in environment) start.Environment[k] = v;
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        await WaitForNotifyAsync("READY=1", TimeSpan.FromSeconds(60));
    }

    /// <summary>Waits for a sd_notify message containing <paramref name="state"/> (sent again after /reboot).</summary>
    public async Task WaitForNotifyAsync(string state, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[4096];
        var exited = _process!.WaitForExitAsync(cts.Token);
        while (true)
        {
            var receive = _notify!.ReceiveAsync(buffer, SocketFlags.None, cts.Token).AsTask();
            var done = await Task.WhenAny(receive, exited);
            if (done == exited)
            {
                if (cts.IsCancellationRequested) break;
                throw new InvalidOperationException($"wharf serve exited with {_process.ExitCode} before {state}:\n{Output}");
            }
            int n;
            try { n = await receive; }
            catch (OperationCanceledException) { break; }
            if (Encoding.UTF8.GetString(buffer, 0, n).Contains(state, StringComparison.Ordinal)) return;
        }
        throw new TimeoutException($"wharf serve did not send {state} within {timeout}:\n{Output}");
    }

    /// <summary>Runs `wharf ARGS --root ROOT` to its end.</summary>
    public Task<CommandResult> CliAsync(params string[] arguments) =>
        CommandResult.RunAsync(WharfPaths.Executable, [.. arguments, "--root", Root]);

    /// <summary>Runs the CLI as another user (nobody), with no supplementary groups.</summary>
    public Task<CommandResult> CliAsNobodyAsync(params string[] arguments) =>
        CommandResult.RunAsync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", WharfPaths.Executable, .. arguments, "--root", Root]);

    /// <summary>`wharf reset /status --json`, parsed.</summary>
    public async Task<JsonNode> StatusAsync()
    {
        var result = await CliAsync("reset", "/status", "--json");
        if (result.ExitCode != 0) throw new InvalidOperationException($"status failed: {result}");
        return JsonNode.Parse(result.StandardOutput) ?? throw new InvalidOperationException("empty status");
    }

    public async Task<JsonNode> ServiceStatusAsync(string name = "www") =>
        (await StatusAsync())["services"]!.AsArray().Single(s => (string?)s!["name"] == name)!;

    public async Task<int> ServicePidAsync(string name = "www") =>
        (int?)(await ServiceStatusAsync(name))["pid"] ?? throw new InvalidOperationException($"{name} has no pid:\n{Output}");

    /// <summary>SIGTERM to the supervisor; waits for it to stop everything and exit.</summary>
    public async Task<int> StopAsync(TimeSpan? timeout = null)
    {
        if (_process is null || _process.HasExited) return _process?.ExitCode ?? 0;
        Signals.Send(_process.Id, Signals.SIGTERM);
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(90));
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process!.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public void KillSupervisor() => Signals.Send(_process!.Id, Signals.SIGKILL);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync(TimeSpan.FromSeconds(60));
        }
        catch (OperationCanceledException)
        {
            _process?.Kill(entireProcessTree: true);
        }
        _process?.Dispose();
        _notify?.Dispose();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
