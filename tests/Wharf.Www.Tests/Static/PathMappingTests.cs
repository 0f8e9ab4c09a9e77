using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Config;
using Wharf.Config.Model;
using Wharf.Www.Static;

namespace Wharf.Www.Tests.Static;

/// <summary>URL to file mapping through applications, virtual directories and symbolic links, on a real scratch folder.</summary>
public sealed class PathMappingTests : IDisposable
{
    private readonly DataRoot _root = new(Directory.CreateTempSubdirectory("wharf-map-").FullName);

    public void Dispose() => Directory.Delete(_root.Path, recursive: true);

    private string Write(string relative, string content = "x")
    {
        var path = Path.Combine(_root.Path, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    private static SiteConfig Site => new()
    {
        Name = "S",
        PhysicalPath = "site",
        VirtualDirectories = [new VirtualDirectoryConfig { Path = "/images", PhysicalPath = "pictures" }],
        Applications =
        [
            new ApplicationConfig
            {
                Path = "/shop", PhysicalPath = "shop", ApplicationPool = "ShopPool",
                VirtualDirectories = [new VirtualDirectoryConfig { Path = "/media", PhysicalPath = "shopmedia" }],
            },
            new ApplicationConfig { Path = "/shop/admin", PhysicalPath = "shopadmin", ApplicationPool = "AdminPool" },
        ],
    };

    private StaticSite Build(SiteConfig? site = null) => StaticSite.Build(site ?? Site, _root, null, NullLogger.Instance, new FileCache());

    [Theory]
    [InlineData("/a.txt", "/", "site/a.txt")]
    [InlineData("/images/cat.png", "/", "pictures/cat.png")]
    [InlineData("/IMAGES/cat.png", "/", "pictures/cat.png")] // prefixes ignore case, as IIS
    [InlineData("/imagesX/cat.png", "/", "site/imagesX/cat.png")] // whole segments only
    [InlineData("/shop/cart.html", "/shop", "shop/cart.html")]
    [InlineData("/Shop/Media/tv.jpg", "/shop", "shopmedia/tv.jpg")]
    [InlineData("/shop/admin/index.html", "/shop/admin", "shopadmin/index.html")]
    [InlineData("/shop/administrator.html", "/shop", "shop/administrator.html")]
    public void The_longest_matching_prefix_chooses_the_folder_and_application(string url, string application, string file)
    {
        var expected = Write(file);
        var found = Build().Resolve(url, 0);
        Assert.Equal(ResolutionKind.File, found.Kind);
        Assert.Equal(expected, found.File!.RealPath);
        Assert.Equal(application, found.Mount.Application.Path);
    }

    [Fact]
    public void Applications_carry_their_pool()
    {
        Write("shop/a.html");
        var map = Build().Map;
        Assert.Equal("ShopPool", map.Find("/shop/a.html", out var rest).Application.ApplicationPool);
        Assert.Equal("/a.html", rest);
        Assert.Equal("DefaultAppPool", map.Find("/x", out _).Application.ApplicationPool);
    }

    [Fact]
    public void A_folder_url_without_slash_is_redirected_and_with_slash_gets_its_default_document_in_order()
    {
        Write("site/docs/index.html");
        Write("site/docs/default.htm");
        Write("shop/x.html");
        var site = Build(Site with { DefaultDocuments = ["default.htm", "index.html"] });
        Assert.Equal(ResolutionKind.AddSlash, site.Resolve("/docs", 0).Kind);
        Assert.Equal(ResolutionKind.AddSlash, site.Resolve("/shop", 0).Kind); // an application's own URL is its folder
        var found = site.Resolve("/docs/", 0);
        Assert.Equal(ResolutionKind.File, found.Kind);
        Assert.EndsWith("/docs/default.htm", found.File!.RealPath);
        Assert.Equal("text/html", found.File.ContentType.ToString());
    }

    [Fact]
    public void A_folder_without_default_document_is_a_folder_and_a_file_with_a_slash_is_not_found()
    {
        Write("site/empty/a.txt");
        var site = Build();
        Assert.Equal(ResolutionKind.Folder, site.Resolve("/empty/", 0).Kind);
        Assert.Equal(ResolutionKind.NotFound, site.Resolve("/empty/a.txt/", 0).Kind);
        Assert.Equal(ResolutionKind.NotFound, site.Resolve("/nothing.txt", 0).Kind);
    }

    [Fact]
    public void Unknown_extensions_are_404_3_unless_allowed_or_mapped()
    {
        Write("site/data.xyz");
        Write("site/README");
        Assert.Equal(ResolutionKind.UnknownType, Build().Resolve("/data.xyz", 0).Kind);
        Assert.Equal(ResolutionKind.UnknownType, Build().Resolve("/README", 0).Kind);
        var mapped = Build(Site with { StaticContent = new() { MimeMap = [new MimeMapConfig { FileExtension = ".XYZ", MimeType = "application/x-xyz" }] } });
        Assert.Equal("application/x-xyz", mapped.Resolve("/data.xyz", 0).File!.ContentType.ToString());
        var allowed = Build(Site with { StaticContent = new() { AllowUnknownFileTypes = true } });
        Assert.Equal("application/octet-stream", allowed.Resolve("/README", 0).File!.ContentType.ToString());
    }

    [Fact]
    public void A_symbolic_link_out_of_the_mapped_folder_is_not_found_and_one_inside_is_served()
    {
        var secret = Write("secret.txt", "secret");
        var inside = Write("site/real.txt");
        Write("pictures/cat.png");
        File.CreateSymbolicLink(Path.Combine(_root.Path, "site", "out.txt"), secret);
        File.CreateSymbolicLink(Path.Combine(_root.Path, "site", "in.txt"), inside);
        Directory.CreateSymbolicLink(Path.Combine(_root.Path, "site", "outdir"), _root.Path);
        // A link from the site into a virtual directory's folder still leaves the site's folder.
        Directory.CreateSymbolicLink(Path.Combine(_root.Path, "site", "pics"), Path.Combine(_root.Path, "pictures"));

        var site = Build();
        Assert.Equal(ResolutionKind.NotFound, site.Resolve("/out.txt", 0).Kind);
        Assert.Equal(ResolutionKind.NotFound, site.Resolve("/outdir/secret.txt", 0).Kind);
        Assert.Equal(ResolutionKind.NotFound, site.Resolve("/pics/cat.png", 0).Kind);
        Assert.Equal(inside, site.Resolve("/in.txt", 0).File!.RealPath);
    }

    [Fact]
    public void A_site_folder_that_is_itself_a_link_is_followed()
    {
        Write("releases/5/index.html");
        Directory.CreateSymbolicLink(Path.Combine(_root.Path, "site"), Path.Combine(_root.Path, "releases", "5"));
        var found = Build().Resolve("/", 0);
        Assert.Equal(ResolutionKind.File, found.Kind);
        Assert.EndsWith("/releases/5/index.html", found.File!.RealPath);
    }

    [Theory]
    [InlineData("/../secret.txt", nameof(ResolutionKind.Invalid))]
    [InlineData("/a\\..\\secret.txt", nameof(ResolutionKind.Invalid))]
    [InlineData("/..%2fsecret.txt", nameof(ResolutionKind.DoubleEscaped))]
    [InlineData("/bin/x.dll", nameof(ResolutionKind.HiddenSegment))]
    public void Refused_paths_never_reach_the_disk(string url, string kind)
    {
        Write("secret.txt");
        Write("site/bin/x.dll");
        Assert.Equal(Enum.Parse<ResolutionKind>(kind), Build().Resolve(url, 0).Kind);
    }
}
