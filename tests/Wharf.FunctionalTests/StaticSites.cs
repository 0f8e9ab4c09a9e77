using System.Text;
using System.Text.Json;
using Wharf.TestKit;

namespace Wharf.FunctionalTests;

/// <summary>
/// A real `wharf serve` with two sites that use every static content option: "Static" (default
/// documents in a chosen order, a root virtual directory, an application with its own virtual
/// directory, a MIME map entry, a client cache age, a custom 404 page and a custom header) and
/// "Browse" (directory browsing and unknown file types allowed). Files outside the sites and
/// symbolic links in and out of them are laid out for the traversal tests.
/// </summary>
public sealed class StaticSites : IAsyncLifetime
{
    public const string Secret = "top secret: this file is outside every site";

    private WharfHost? _host;

    public WharfHost Host => _host ?? throw new InvalidOperationException("not started");
    public int BrowsePort { get; private set; }
    public string Url => Host.BaseUrl;
    public string BrowseUrl => $"http://127.0.0.1:{BrowsePort}";
    public byte[] BigText { get; } = MakeText(200 * 1024);
    public byte[] Large { get; } = MakeBinary(1536 * 1024);

    public string PathOf(string relative) => Path.Combine(Host.Root, relative);

    public void Write(string relative, string content) => Write(relative, Encoding.UTF8.GetBytes(content));

    public void Write(string relative, byte[] content)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
    }

    public async Task InitializeAsync()
    {
        _host = WharfHost.Prepare();
        BrowsePort = FreePort.Next();
        Write("wwwroot/home.htm", "<p>home</p>\n");
        Write("wwwroot/index.html", "<p>index</p>\n");
        Write("wwwroot/docs/index.html", "<p>docs</p>\n");
        Write("wwwroot/docs/readme.txt", "read me\n");
        Write("wwwroot/nodoc/a.txt", "a\n");
        Write("wwwroot/data.unknownext", "mystery\n");
        Write("wwwroot/thing.wharf", "mapped\n");
        Write("wwwroot/small.txt", "small text, not worth compressing\n");
        Write("wwwroot/big.txt", BigText);
        Write("wwwroot/large.bin", Large);
        Write("wwwroot/errors/404.html", "<h1>custom not found</h1>\n");
        Write("wwwroot/web.config", "<configuration/>\n");
        Write("wwwroot/bin/app.dll", "MZ");
        Write("pictures/cat.png", "PNG-ish");
        Write("shop/index.html", "<p>shop</p>\n");
        Write("shopmedia/tv.txt", "television\n");
        Write("outside/secret.txt", Secret);
        File.CreateSymbolicLink(PathOf("wwwroot/leak.txt"), PathOf("outside/secret.txt"));
        Directory.CreateSymbolicLink(PathOf("wwwroot/leakdir"), PathOf("outside"));
        File.CreateSymbolicLink(PathOf("wwwroot/inner.txt"), PathOf("wwwroot/docs/readme.txt"));
        Write("browse/list/<b>&.txt", "escaped\n");
        Write("browse/list/sub/x.txt", "x\n");
        Write("browse/data.unknownext", "mystery\n");

        var sites = new object[]
        {
            new
            {
                id = 1,
                name = "Static",
                physicalPath = "wwwroot",
                bindings = new[] { new { protocol = "http", address = "127.0.0.1", port = Host.HttpPort } },
                defaultDocuments = new[] { "home.htm", "index.html" },
                virtualDirectories = new[] { new { path = "/pictures", physicalPath = "pictures" } },
                applications = new[]
                {
                    new
                    {
                        path = "/shop", physicalPath = "shop", applicationPool = "DefaultAppPool",
                        virtualDirectories = new[] { new { path = "/media", physicalPath = "shopmedia" } },
                    },
                },
                staticContent = new
                {
                    mimeMap = new[] { new { fileExtension = ".wharf", mimeType = "application/x-wharf" } },
                    clientCacheMaxAge = "01:00:00",
                },
                httpErrors = new[] { new { statusCode = 404, path = "errors/404.html" } },
                customHeaders = new[] { new { name = "X-Served-By", value = "wharf-tests" } },
            },
            new
            {
                id = 2,
                name = "Browse",
                physicalPath = "browse",
                bindings = new[] { new { protocol = "http", address = "127.0.0.1", port = BrowsePort } },
                directoryBrowsing = true,
                staticContent = new { allowUnknownFileTypes = true },
            },
        };
        var config = new
        {
            version = 1,
            services = new { www = new { enabled = true } },
            sites,
            applicationPools = new[] { new { name = "DefaultAppPool" } },
        };
        await File.WriteAllTextAsync(Host.ConfigFile, JsonSerializer.Serialize(config));
        await Host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }

    private static byte[] MakeText(int size)
    {
        var text = new StringBuilder();
        for (var line = 0; text.Length < size; line++) text.Append("line ").Append(line).Append(": the quick brown fox jumps over the lazy dog\n");
        return Encoding.ASCII.GetBytes(text.ToString()[..size]);
    }

    private static byte[] MakeBinary(int size)
    {
        var bytes = new byte[size];
        new Random(4).NextBytes(bytes);
        return bytes;
    }
}
