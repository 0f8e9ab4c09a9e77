using System.Text.Json.Nodes;
using Wharf.Admin.Api.Modules.Www;
using Wharf.Config;
using Wharf.Config.Model;

namespace Wharf.Admin.Tests;

public sealed class AppPoolDocumentTests
{
    [Theory]
    [InlineData("""{"a":1,"b":{"c":2,"d":3}}""", """{"b":{"c":null,"e":4},"f":[1]}""", """{"a":1,"b":{"d":3,"e":4},"f":[1]}""")]
    [InlineData("""{"a":[1,2]}""", """{"a":[3]}""", """{"a":[3]}""")]
    [InlineData("""{"a":{"b":1}}""", """{"a":5}""", """{"a":5}""")]
    [InlineData("""{"a":5}""", """{"a":{"b":null,"c":1}}""", """{"a":{"c":1}}""")]
    public void Merge_patch_follows_rfc_7396(string target, string patch, string expected)
    {
        var merged = AppPoolDocument.MergePatch(JsonNode.Parse(target), JsonNode.Parse(patch));
        Assert.Equal(expected, merged!.ToJsonString());
    }

    [Fact]
    public void Merge_patch_leaves_the_target_as_it_was()
    {
        var target = JsonNode.Parse("""{"a":{"b":1}}""")!;
        AppPoolDocument.MergePatch(target, JsonNode.Parse("""{"a":{"b":2}}"""));
        Assert.Equal("""{"a":{"b":1}}""", target.ToJsonString());
    }

    [Fact]
    public void An_application_that_leaves_its_pool_out_counts_as_DefaultAppPool_s_and_names_match_ignoring_case()
    {
        var config = DefaultConfig.Create() with
        {
            Sites =
            [
                DefaultConfig.Create().Sites[0] with
                {
                    Applications =
                    [
                        new ApplicationConfig { Path = "/shop", PhysicalPath = "shop", ApplicationPool = "SHOP" },
                        new ApplicationConfig { Path = "/blog", PhysicalPath = "blog" },
                    ],
                },
            ],
        };

        Assert.Equal(["site \"Default Web Site\"", "application \"Default Web Site/blog\""], AppPoolDocument.UsedBy(config, "DefaultAppPool"));
        Assert.Equal(["application \"Default Web Site/shop\""], AppPoolDocument.UsedBy(config, "Shop"));
        Assert.Empty(AppPoolDocument.UsedBy(config, "Other"));
    }

    [Fact]
    public void Find_matches_ignoring_case_and_says_which_pools_there_are_when_none_does()
    {
        var document = JsonNode.Parse("""{"applicationPools":[{"name":"DefaultAppPool"},{"name":"Shop"}]}""")!;
        Assert.Equal((1, "Shop"), AppPoolDocument.Find(document, " shop ") is { } found ? (found.Index, found.Name) : (-1, ""));
        Assert.Null(AppPoolDocument.Find(document, "Blog"));
        Assert.Equal("there is no application pool named \"Blog\"; the pools are \"DefaultAppPool\", \"Shop\"",
            AppPoolDocument.NoSuchPool(AppPoolDocument.Names(document), "Blog"));
    }
}
