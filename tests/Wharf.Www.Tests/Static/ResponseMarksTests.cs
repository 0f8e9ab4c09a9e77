using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Config;
using Wharf.Config.Model;
using Wharf.Www.Static;

namespace Wharf.Www.Tests.Static;

/// <summary>What a static answer leaves on the request for the W3C log and the application pools to read.</summary>
public sealed class ResponseMarksTests : IDisposable
{
    private readonly DataRoot _root = new(Directory.CreateTempSubdirectory("wharf-marks-").FullName);

    public void Dispose() => Directory.Delete(_root.Path, recursive: true);

    private async Task<HttpContext> RequestAsync(string path, string method = "GET")
    {
        foreach (var file in new[] { "site/index.html", "site/data.unknownext", "site/folder/a.txt", "shop/index.html" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(_root.Path, file))!);
            File.WriteAllText(Path.Combine(_root.Path, file), "x");
        }
        var site = StaticSite.Build(new SiteConfig
        {
            Name = "S",
            PhysicalPath = "site",
            Applications = [new ApplicationConfig { Path = "/shop", PhysicalPath = "shop", ApplicationPool = "ShopPool" }],
        }, _root, null, NullLogger.Instance, new FileCache());
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = new PathString(path); // as Kestrel hands it over: already decoded, nothing decoded again
        context.Response.Body = new MemoryStream();
        await site.InvokeAsync(context);
        return context;
    }

    [Theory]
    [InlineData("/data.unknownext", 404, 3)]
    [InlineData("/folder/", 403, 14)]
    [InlineData("/bin/x.dll", 404, 8)]
    [InlineData("/a%2e%2e", 404, 11)]
    [InlineData("/missing.html", 404, 0)]
    [InlineData("/index.html", 200, 0)]
    public async Task The_substatus_is_an_int_under_the_key_the_W3C_log_reads(string path, int status, int subStatus)
    {
        var context = await RequestAsync(path);
        Assert.Equal(status, context.Response.StatusCode);
        Assert.Equal(subStatus, ResponseMarks.GetSubStatus(context));
        if (subStatus != 0) Assert.Equal(subStatus, (int)context.Items["wharf.substatus"]!);
    }

    [Theory]
    [InlineData("/shop/index.html", "/shop", "ShopPool")]
    [InlineData("/SHOP/nothing", "/shop", "ShopPool")]
    [InlineData("/index.html", "/", "DefaultAppPool")]
    [InlineData("/shopping", "/", "DefaultAppPool")]
    public async Task The_application_a_request_falls_in_is_on_the_request(string path, string application, string pool)
    {
        var context = await RequestAsync(path);
        var found = ResponseMarks.GetApplication(context);
        Assert.NotNull(found);
        Assert.Equal(application, found.Path);
        Assert.Equal(pool, found.ApplicationPool);
    }

    [Fact]
    public async Task A_post_to_a_file_is_405_with_Allow()
    {
        var context = await RequestAsync("/index.html", "POST");
        Assert.Equal(405, context.Response.StatusCode);
        Assert.Equal("GET, HEAD", context.Response.Headers.Allow.ToString());
    }
}
