namespace Wharf.FunctionalTests;

/// <summary>
/// No request reaches a file outside the folder it was mapped through: dot segments raw and
/// encoded, encoded slashes and backslashes, overlong UTF-8, NUL, and symbolic links leading out.
/// Each is sent exactly as written (curl --path-as-is, and Python's http.client, which sends
/// the path untouched).
/// </summary>
public sealed class TraversalTests(StaticSites sites) : IClassFixture<StaticSites>
{
    public static TheoryData<string> Attempts =>
    [
        "/../outside/secret.txt",
        "/../../../../etc/passwd",
        "/docs/../../outside/secret.txt",
        "/%2e%2e/outside/secret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/docs/%2e%2e/%2e%2e/outside/secret.txt",
        "/..%2foutside%2fsecret.txt",
        "/docs/..%2f..%2foutside/secret.txt",
        "/%2e%2e%2foutside%2fsecret.txt",
        "/%2e%2e%5coutside%5csecret.txt",
        "/..%5c..%5coutside%5csecret.txt",
        "/%252e%252e/outside/secret.txt",
        "/%c0%ae%c0%ae/outside/secret.txt",
        "/%c0%ae%c0%ae%c0%afoutside%c0%afsecret.txt",
        "/docs/readme.txt%00.html",
        "/leak.txt",
        "/leakdir/secret.txt",
        "/pictures/../../outside/secret.txt",
        "/shop/media/%2e%2e/%2e%2e/outside/secret.txt",
    ];

    [Theory]
    [MemberData(nameof(Attempts))]
    public async Task Curl_with_path_as_is_is_refused(string path)
    {
        var answer = await Curl.RunAsync("--path-as-is", sites.Url + path);
        Assert.True(answer.Status is 400 or 404, $"{path}: {answer}");
        Assert.DoesNotContain("top secret", answer.Text);
        Assert.DoesNotContain("root:", answer.Text);
    }

    [Theory]
    [MemberData(nameof(Attempts))]
    [InlineData("/docs\\..\\..\\outside\\secret.txt")]
    [InlineData("/..\\outside\\secret.txt")]
    public async Task Python_http_client_sending_the_raw_path_is_refused(string path)
    {
        var answer = await PythonHttp.RequestAsync(sites.Host.HttpPort, "GET", path);
        Assert.True(answer.Status is 400 or 404, $"{path}: {answer.Status}");
        Assert.DoesNotContain("top secret", System.Text.Encoding.UTF8.GetString(answer.Body));
    }

    [Fact]
    public async Task Dot_segments_that_stay_inside_the_site_are_resolved_as_usual()
    {
        var answer = await Curl.RunAsync("--path-as-is", sites.Url + "/nodoc/../docs/readme.txt");
        Assert.Equal(200, answer.Status);
        Assert.Equal("read me\n", answer.Text);
    }

    [Fact]
    public async Task A_symbolic_link_inside_the_site_is_served()
    {
        var answer = await Curl.RunAsync(sites.Url + "/inner.txt");
        Assert.Equal(200, answer.Status);
        Assert.Equal("read me\n", answer.Text);
    }

    [Fact]
    public async Task The_file_behind_the_links_exists_so_the_refusals_are_real()
    {
        Assert.Equal(StaticSites.Secret, await File.ReadAllTextAsync(sites.PathOf("wwwroot/leak.txt")));
        Assert.Equal(StaticSites.Secret, await File.ReadAllTextAsync(sites.PathOf("wwwroot/leakdir/secret.txt")));
    }
}
