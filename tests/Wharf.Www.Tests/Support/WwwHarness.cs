using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Wharf.Config;
using Wharf.Config.Model;
using Wharf.Hosting;
using Xunit.Abstractions;

namespace Wharf.Www.Tests.Support;

/// <summary>
/// Plays the supervisor for one www service in this process: a temporary data root, a
/// listening socket the test owns, and a duplicate of its descriptor handed to the service,
/// as `wharf serve` hands one to `wharf service run www`.
/// </summary>
internal sealed partial class WwwHarness : IAsyncDisposable
{
    private readonly ILoggerFactory _loggerFactory;

    public WwwHarness(ITestOutputHelper output, LogLevel minimumLevel = LogLevel.Information)
    {
        Root = new DataRoot(Path.Combine(Path.GetTempPath(), "wharf-www-" + Guid.NewGuid().ToString("N")[..10]));
        Directory.CreateDirectory(Root.Path);
        Listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        Listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Listener.Listen(64);
        Port = ((IPEndPoint)Listener.LocalEndPoint!).Port;
        _loggerFactory = LoggerFactory.Create(b => b.AddProvider(new TestOutputLoggerProvider(output)).SetMinimumLevel(minimumLevel));
    }

    public DataRoot Root { get; }

    /// <summary>The supervisor's copy of the listening socket; it stays open whatever the service does.</summary>
    public Socket Listener { get; }

    public int Port { get; }

    public WwwService Service { get; private set; } = null!;

    public void WriteFile(string relativePath, string content)
    {
        var path = Path.Combine(Root.Path, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    /// <summary>The configuration's listener (there must be one) gets a duplicate of <see cref="Listener"/>.</summary>
    public async Task StartAsync(WharfConfig config, Func<HttpContext, RequestDelegate, Task>? requestHook = null, Action<Wharf.Hosting.Control.Pools.PoolReport>? reportPool = null)
    {
        var spec = Assert.Single(WwwListeners.For(config));
        var fd = dup((int)Listener.SafeHandle.DangerousGetHandle());
        Assert.True(fd >= 0, $"dup failed: errno {Marshal.GetLastPInvokeError()}");
        Service = new WwwService(requestHook);
        await Service.StartAsync(new ServiceContext
        {
            ServiceName = "www",
            Root = Root,
            Config = config,
            ConfigVersion = config.Version,
            Listeners = new Dictionary<string, int> { [spec.Name] = fd },
            LoggerFactory = _loggerFactory,
            ReportEvent = (_, _) => { },
            AskSupervisor = (_, _) => throw new NotSupportedException("www asks the supervisor nothing"),
            ReportPool = reportPool ?? (_ => { }),
        }, CancellationToken.None);
    }

    public Task StopAsync(TimeSpan deadline) => Service.StopAsync(DateTimeOffset.UtcNow + deadline);

    public HttpClient CreateClient() => new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
    {
        BaseAddress = new Uri($"http://127.0.0.1:{Port}/"),
        Timeout = TimeSpan.FromSeconds(10),
    };

    public Task<RawHttpClient> ConnectAsync() => RawHttpClient.ConnectAsync(Port);

    public static SiteConfig Site(string name, string physicalPath, params BindingConfig[] bindings) =>
        new() { Name = name, PhysicalPath = physicalPath, Bindings = bindings };

    public BindingConfig Binding(string host = "", string address = "127.0.0.1") =>
        new() { Address = address, Port = Port, HostName = host };

    public async ValueTask DisposeAsync()
    {
        if (Service is not null) await Service.StopAsync(DateTimeOffset.UtcNow + TimeSpan.FromSeconds(2));
        Listener.Dispose();
        _loggerFactory.Dispose();
        try { Directory.Delete(Root.Path, recursive: true); } catch (IOException) { }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int dup(int fd);
}
