using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Wharf.Config;
using Wharf.Config.Model;
using Wharf.Hosting.Control.Pools;
using Wharf.Www.Pools.Offline;

namespace Wharf.Www.Tests.Pools.Offline;

/// <summary>app_offline.htm in real temporary folders: seen at start, appearing, changing and going; the pools reported; the page served.</summary>
public sealed class AppOfflineWatchTests : IDisposable
{
    private readonly DataRoot _root = new(Path.Combine(Path.GetTempPath(), "wharf-offline-" + Guid.NewGuid().ToString("N")[..10]));
    private readonly AppOffline _offline = new();
    private readonly FakeTimeProvider _time = new();
    private readonly List<PoolReport> _reports = [];
    private readonly Channel<IReadOnlyList<PoolReport>> _published = Channel.CreateUnbounded<IReadOnlyList<PoolReport>>();
    private readonly AppOfflineWatch _watch;

    public AppOfflineWatchTests()
    {
        Directory.CreateDirectory(Folder("shop"));
        Directory.CreateDirectory(Folder("shop-api"));
        Directory.CreateDirectory(Folder("static"));
        _watch = new AppOfflineWatch(_offline, _root, _time, r => { lock (_reports) _reports.Add(r); }, NullLogger.Instance)
        {
            Published = reports => _published.Writer.TryWrite(reports),
        };
    }

    private string Folder(string name) => Path.Combine(_root.Path, name);

    private string FileIn(string folder) => Path.Combine(Folder(folder), AppOffline.FileName);

    private static WharfConfig Config(bool withApi = true) => new()
    {
        ApplicationPools =
        [
            new AppPoolConfig { Name = "Shop", Program = new WorkerProgramConfig { Command = "/usr/bin/true" } },
            new AppPoolConfig { Name = "DefaultAppPool" },
        ],
        Sites =
        [
            new SiteConfig
            {
                Name = "Shop", PhysicalPath = "shop", ApplicationPool = "shop",
                Applications = withApi ? [new ApplicationConfig { Path = "/api", PhysicalPath = "shop-api/", ApplicationPool = "Shop" }] : [],
            },
            new SiteConfig { Name = "Static", PhysicalPath = "static" },
        ],
    };

    /// <summary>Waits for the watcher to publish the reports the test expects (a write may take several events).</summary>
    private async Task<PoolReport> NextReportAsync()
    {
        while (true)
        {
            var reports = await _published.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            if (reports.Count > 0) return Assert.Single(reports);
        }
    }

    /// <summary>Applies the configuration with no file anywhere: its one report says the pool is online; then forgets it.</summary>
    private void Start()
    {
        _watch.Apply(Config());
        Assert.Equal([PoolReportKind.Online], _reports.Select(r => r.Kind));
        _reports.Clear();
        while (_published.Reader.TryRead(out _)) { }
    }

    [Fact]
    public void At_start_every_pool_with_workers_is_said_online_or_offline_so_a_file_removed_while_www_was_down_counts()
    {
        File.WriteAllText(FileIn("shop"), "x");
        var config = Config() with
        {
            ApplicationPools = [.. Config().ApplicationPools, new AppPoolConfig { Name = "Blog", Program = new WorkerProgramConfig { Command = "/usr/bin/true" } }],
            Sites = [.. Config().Sites, new SiteConfig { Name = "Blog", PhysicalPath = "static", ApplicationPool = "blog" }],
        };

        _watch.Apply(config);

        Assert.Equal(
            [
                new PoolReport { Kind = PoolReportKind.Offline, Pool = "Shop", Detail = FileIn("shop") },
                new PoolReport { Kind = PoolReportKind.Online, Pool = "Blog", Detail = "no app_offline.htm when www started" },
            ],
            _reports);
        _watch.Apply(config);
        Assert.Equal(2, _reports.Count);
    }

    [Fact]
    public void A_file_there_before_start_takes_the_application_and_its_pool_offline_at_once()
    {
        File.WriteAllText(FileIn("shop-api"), "<h1>Back soon</h1>");

        _watch.Apply(Config());

        var report = Assert.Single(_reports);
        Assert.Equal(new PoolReport { Kind = PoolReportKind.Offline, Pool = "Shop", Detail = FileIn("shop-api") }, report);
        Assert.True(_offline.TryGet(Folder("shop-api"), out var page));
        Assert.Equal("<h1>Back soon</h1>", System.Text.Encoding.UTF8.GetString(page!.Content.Span));
        Assert.False(_offline.TryGet(Folder("shop"), out _));
    }

    [Fact]
    public async Task The_file_appearing_changing_and_going_is_seen_and_the_pool_reported_offline_then_online()
    {
        Start();

        File.WriteAllText(FileIn("shop"), "first");
        Assert.Equal(PoolReportKind.Offline, (await NextReportAsync()).Kind);

        File.WriteAllText(FileIn("shop"), "second, longer");
        while (!_offline.TryGet(Folder("shop"), out var page) || page!.Content.Length != "second, longer".Length)
            await _published.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        File.Delete(FileIn("shop"));
        var online = await NextReportAsync();
        Assert.Equal(new PoolReport { Kind = PoolReportKind.Online, Pool = "Shop", Detail = $"{FileIn("shop")} is gone" }, online);
        Assert.False(_offline.TryGet(Folder("shop"), out _));
        Assert.Equal(2, _reports.Count);
    }

    [Fact]
    public async Task A_pool_comes_back_online_only_when_every_one_of_its_applications_is_back()
    {
        File.WriteAllText(FileIn("shop"), "a");
        File.WriteAllText(FileIn("shop-api"), "b");
        _watch.Apply(Config());
        Assert.Single(_reports);
        Assert.Single(await _published.Reader.ReadAsync().AsTask());

        File.Delete(FileIn("shop"));
        Assert.Empty(await _published.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(_offline.TryGet(Folder("shop"), out _));
        Assert.True(_offline.TryGet(Folder("shop-api"), out _));

        File.Delete(FileIn("shop-api"));
        Assert.Equal(PoolReportKind.Online, (await NextReportAsync()).Kind);
    }

    [Fact]
    public void An_application_removed_by_an_apply_takes_its_file_with_it()
    {
        File.WriteAllText(FileIn("shop-api"), "b");
        _watch.Apply(Config());

        _watch.Apply(Config(withApi: false));

        Assert.Equal([PoolReportKind.Offline, PoolReportKind.Online], _reports.Select(r => r.Kind));
        Assert.Empty(_offline.Folders);
    }

    [Fact]
    public void The_name_is_matched_exactly_and_a_pool_without_workers_is_not_watched()
    {
        File.WriteAllText(Path.Combine(Folder("shop"), "App_Offline.htm"), "x");
        File.WriteAllText(FileIn("static"), "x");

        _watch.Apply(Config());

        Assert.Equal([PoolReportKind.Online], _reports.Select(r => r.Kind));
        Assert.Empty(_offline.Folders);
    }

    [Fact]
    public void A_link_is_not_followed_its_presence_is_enough_and_a_built_in_page_is_served()
    {
        var secret = Path.Combine(_root.Path, "secret.key");
        File.WriteAllText(secret, "PRIVATE KEY");
        File.CreateSymbolicLink(FileIn("shop"), secret);

        _watch.Apply(Config());

        Assert.Equal(PoolReportKind.Offline, Assert.Single(_reports).Kind);
        Assert.True(_offline.TryGet(Folder("shop"), out var page));
        Assert.Equal(OfflinePageFile.Fallback.ToArray(), page!.Content.ToArray());
    }

    [Fact]
    public void A_file_larger_than_the_bound_is_served_cut_at_the_bound()
    {
        File.WriteAllBytes(FileIn("shop"), new byte[AppOffline.MaxBytes + 4096]);

        _watch.Apply(Config());

        Assert.True(_offline.TryGet(Folder("shop"), out var page));
        Assert.Equal(AppOffline.MaxBytes, page!.Content.Length);
    }

    [Fact]
    public async Task The_page_is_served_with_503_as_html_uncached_to_the_application_s_requests_only()
    {
        File.WriteAllText(FileIn("shop"), "<p>Down for maintenance</p>");
        _watch.Apply(Config());

        var (served, context, body) = await ServeAsync("GET", Folder("shop") + "/");
        Assert.True(served);
        Assert.Equal(503, context.Response.StatusCode);
        Assert.Equal("text/html", context.Response.ContentType);
        Assert.Contains("no-store", context.Response.Headers.CacheControl.ToString());
        Assert.Equal("<p>Down for maintenance</p>", body);

        var (head, headContext, headBody) = await ServeAsync("HEAD", Folder("shop"));
        Assert.True(head);
        Assert.Equal(27, headContext.Response.ContentLength);
        Assert.Equal("", headBody);

        Assert.False((await ServeAsync("GET", Folder("shop-api"))).Served);
    }

    private async Task<(bool Served, HttpContext Context, string Body)> ServeAsync(string method, string folder)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        using var body = new MemoryStream();
        context.Response.Body = body;
        var served = await _offline.TryServeAsync(context, folder);
        return (served, context, System.Text.Encoding.UTF8.GetString(body.ToArray()));
    }

    [Fact]
    public void A_folder_missing_at_apply_is_read_every_poll_interval_and_its_file_counts_when_it_comes()
    {
        Directory.Delete(Folder("shop-api"));
        Start();

        Directory.CreateDirectory(Folder("shop-api"));
        File.WriteAllText(FileIn("shop-api"), "later");
        Assert.Empty(_reports);
        _time.Advance(AppOfflineWatch.PollInterval);

        Assert.Equal(PoolReportKind.Offline, Assert.Single(_reports).Kind);
        Assert.True(_offline.TryGet(Folder("shop-api"), out _));

        File.Delete(FileIn("shop-api"));
        _time.Advance(AppOfflineWatch.PollInterval);
        Assert.Equal(PoolReportKind.Online, _reports[^1].Kind);
    }

    [Fact]
    public void After_dispose_a_change_is_not_seen()
    {
        Start();
        _watch.Dispose();

        File.WriteAllText(FileIn("shop"), "x");
        _watch.Apply(Config());

        Assert.Empty(_reports);
    }

    public void Dispose()
    {
        _watch.Dispose();
        Directory.Delete(_root.Path, recursive: true);
    }
}
