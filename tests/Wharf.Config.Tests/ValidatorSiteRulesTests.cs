using Wharf.Config.Model;
using static Wharf.Config.Tests.Samples;

namespace Wharf.Config.Tests;

public sealed class ValidatorSiteRulesTests
{
    [Fact]
    public void A_site_needs_a_name()
    {
        Assert.Equal(new ConfigError("/sites/0/name", "\"\" is not a name; every site needs one, such as \"Default Web Site\""),
            OnlyError(WithSite(s => s with { Name = "" })));
    }

    [Fact]
    public void Site_names_are_unique_ignoring_case_as_in_IIS()
    {
        var error = OnlyError(WithSites(Site(1, "Blog", Http(8080)), Site(2, "BLOG", Http(8081))));

        Assert.Equal(new ConfigError("/sites/1/name", "\"BLOG\" is also the name of /sites/0; site names are unique (ignoring case), as in IIS"), error);
    }

    [Fact]
    public void Site_id_zero_is_an_error_suggesting_the_smallest_free_id()
    {
        var error = OnlyError(WithSites(Site(1, "A", Http(8080)), Site(0, "B", Http(8081)), Site(2, "C", Http(8082))));

        Assert.Equal(new ConfigError("/sites/1/id", "0 is not a site id; each site needs its own id of 1 or more (the smallest free one is 3)"), error);
    }

    [Fact]
    public void A_negative_site_id_is_an_error()
    {
        Assert.Equal("/sites/0/id", OnlyError(WithSite(s => s with { Id = -4 })).Path);
    }

    [Fact]
    public void Site_ids_are_unique()
    {
        var error = OnlyError(WithSites(Site(7, "A", Http(8080)), Site(7, "B", Http(8081))));

        Assert.Equal(new ConfigError("/sites/1/id", "7 is also the id of site \"A\" (/sites/0); site ids are unique"), error);
    }

    [Fact]
    public void A_site_needs_a_physical_path()
    {
        Assert.Equal(new ConfigError("/sites/0/physicalPath", "\"\" is not a folder; name the folder of the site's files, absolute or relative to the data root"),
            OnlyError(WithSite(s => s with { PhysicalPath = "" })));
    }

    [Fact]
    public void A_site_needs_at_least_one_binding()
    {
        var error = OnlyError(WithSite(s => s with { Bindings = [] }));

        Assert.Equal("/sites/0/bindings", error.Path);
        Assert.StartsWith("site \"Default Web Site\" has no bindings; add one such as {\"protocol\": \"http\"", error.Message);
    }

    [Fact]
    public void A_site_application_pool_must_exist()
    {
        Assert.Equal(new ConfigError("/sites/0/applicationPool", "\"Missing\" is not an application pool; add it to /applicationPools or use one of: \"DefaultAppPool\""),
            OnlyError(WithSite(s => s with { ApplicationPool = "Missing" })));
    }

    [Fact]
    public void With_no_application_pools_a_site_cannot_name_one()
    {
        var error = OnlyError(Valid with { ApplicationPools = [] });

        Assert.Equal(new ConfigError("/sites/0/applicationPool", "\"DefaultAppPool\" is not an application pool; there are none; add one to /applicationPools"), error);
    }

    [Fact]
    public void Application_pool_names_match_ignoring_case()
    {
        Assert.Empty(Errors(WithSite(s => s with { ApplicationPool = "defaultapppool" })));
    }

    [Fact]
    public void A_default_document_must_be_a_file_name()
    {
        Assert.Equal(new ConfigError("/sites/0/defaultDocuments/1", "\"docs/index.html\" is not a file name; a default document is a name such as \"index.html\""),
            OnlyError(WithSite(s => s with { DefaultDocuments = ["index.html", "docs/index.html"] })));
    }

    [Theory]
    [InlineData("blog", "\"blog\" must start with \"/\", as in \"/blog\"")]
    [InlineData("/blog/", "\"/blog/\" must not end with \"/\", as in \"/blog\"")]
    [InlineData("", "an empty path is not allowed; write a URL path such as \"/blog\"")]
    [InlineData("/a//b", "\"/a//b\" is not a URL path; it may not contain empty, \".\" or \"..\" segments")]
    [InlineData("/a/../b", "\"/a/../b\" is not a URL path; it may not contain empty, \".\" or \"..\" segments")]
    [InlineData("/a?b", "\"/a?b\" is not a URL path; it may not contain '?', '#', '\\' or control characters")]
    public void Application_paths_are_URL_paths_starting_with_a_slash(string path, string message)
    {
        Assert.Equal(new ConfigError("/sites/0/applications/0/path", message), OnlyError(WithApplications(App(path))));
    }

    [Fact]
    public void An_application_at_the_root_is_an_error_pointing_at_the_site()
    {
        Assert.Equal(new ConfigError("/sites/0/applications/0/path", "\"/\" is the site's root application; set the site's physicalPath and applicationPool instead"),
            OnlyError(WithApplications(App("/"))));
    }

    [Fact]
    public void Application_paths_are_unique_within_a_site_ignoring_case()
    {
        Assert.Equal(new ConfigError("/sites/0/applications/1/path", "\"/Blog\" is also the path of /sites/0/applications/0; application paths are unique within a site (ignoring case)"),
            OnlyError(WithApplications(App("/blog"), App("/Blog"))));
    }

    [Fact]
    public void The_same_application_path_in_two_sites_is_allowed()
    {
        var a = Site(1, "A", Http(8080)) with { ApplicationPool = "DefaultAppPool", Applications = [App("/blog")] };
        var b = Site(2, "B", Http(8081)) with { Applications = [App("/blog")] };

        Assert.Empty(Errors(WithSites(a, b)));
    }

    [Fact]
    public void An_application_pool_of_an_application_must_exist()
    {
        Assert.Equal("/sites/0/applications/0/applicationPool", OnlyError(WithApplications(App("/blog") with { ApplicationPool = "Nope" })).Path);
    }

    [Fact]
    public void An_application_needs_a_physical_path()
    {
        Assert.Equal("/sites/0/applications/0/physicalPath", OnlyError(WithApplications(App("/blog") with { PhysicalPath = " " })).Path);
    }

    [Fact]
    public void Virtual_directory_paths_start_with_a_slash()
    {
        var error = OnlyError(WithApplications(App("/blog") with { VirtualDirectories = [Dir("images")] }));

        Assert.Equal(new ConfigError("/sites/0/applications/0/virtualDirectories/0/path", "\"images\" must start with \"/\", as in \"/images\""), error);
    }

    [Fact]
    public void A_virtual_directory_at_the_root_of_its_application_is_an_error()
    {
        Assert.Equal("/sites/0/applications/0/virtualDirectories/0/path", OnlyError(WithApplications(App("/blog") with { VirtualDirectories = [Dir("/")] })).Path);
    }

    [Fact]
    public void Virtual_directory_paths_are_unique_within_an_application()
    {
        var error = OnlyError(WithApplications(App("/blog") with { VirtualDirectories = [Dir("/images"), Dir("/IMAGES")] }));

        Assert.Equal("/sites/0/applications/0/virtualDirectories/1/path", error.Path);
    }

    [Fact]
    public void A_virtual_directory_needs_a_physical_path()
    {
        var error = OnlyError(WithApplications(App("/blog") with { VirtualDirectories = [Dir("/images") with { PhysicalPath = "" }] }));

        Assert.Equal("/sites/0/applications/0/virtualDirectories/0/physicalPath", error.Path);
    }

    [Fact]
    public void A_site_with_applications_and_virtual_directories_is_valid()
    {
        Assert.Empty(Errors(WithApplications(App("/blog") with { VirtualDirectories = [Dir("/images"), Dir("/static/css")] }, App("/shop"))));
    }

    private static ApplicationConfig App(string path) => new() { Path = path, PhysicalPath = "apps" + path };

    private static VirtualDirectoryConfig Dir(string path) => new() { Path = path, PhysicalPath = "/srv/shared" + path };

    private static WharfConfig WithApplications(params ApplicationConfig[] applications) =>
        WithSite(s => s with { Applications = applications });
}
