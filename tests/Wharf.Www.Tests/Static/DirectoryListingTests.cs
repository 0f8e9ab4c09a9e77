using Wharf.Www.Static;

namespace Wharf.Www.Tests.Static;

public sealed class DirectoryListingTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("wharf-list-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Lists_folders_first_then_files_escaped_and_leaves_out_what_would_not_be_served()
    {
        var folder = Path.Combine(_root, "site");
        Directory.CreateDirectory(Path.Combine(folder, "zsub"));
        Directory.CreateDirectory(Path.Combine(folder, "bin"));
        File.WriteAllText(Path.Combine(folder, "a \"q\" <x>.txt"), "12345");
        File.WriteAllText(Path.Combine(folder, "web.config"), "");
        File.WriteAllText(Path.Combine(_root, "secret.txt"), "");
        File.CreateSymbolicLink(Path.Combine(folder, "out.txt"), Path.Combine(_root, "secret.txt"));

        var html = DirectoryListing.Html("example.com", "/a&b/", folder, folder);

        Assert.Contains("<title>example.com - /a&amp;b/</title>", html);
        Assert.Contains("<a href=\"../\">[To Parent Directory]</a>", html);
        Assert.Contains("<a href=\"zsub/\">zsub</a>", html);
        Assert.Contains("<a href=\"a%20%22q%22%20%3Cx%3E.txt\">a &quot;q&quot; &lt;x&gt;.txt</a>", html);
        Assert.Contains("&lt;dir&gt;", html);
        Assert.Matches(@" 5 <a href=""a%20", html);
        Assert.True(html.IndexOf("zsub/", StringComparison.Ordinal) < html.IndexOf("a%20", StringComparison.Ordinal), "folders come first");
        Assert.DoesNotContain("web.config", html);
        Assert.DoesNotContain("bin", html);
        Assert.DoesNotContain("out.txt", html);
    }

    [Fact]
    public void The_site_root_has_no_parent_link() =>
        Assert.DoesNotContain("[To Parent Directory]", DirectoryListing.Html("h", "/", _root, _root));
}
