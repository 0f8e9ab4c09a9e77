using System.Text.Json.Nodes;
using Wharf.Hosting;

namespace Wharf.Cli.Tests;

/// <summary>What `wharf site` and `wharf vdir` send to the admin API, and what they print and exit with.</summary>
public sealed class SiteCommandTests
{
    internal const string Config = """
        {
          "version": 7,
          "sites": [
            { "id": 1, "name": "Default Web Site", "physicalPath": "wwwroot",
              "bindings": [ { "protocol": "http", "address": "127.0.0.1", "port": 8080 } ] },
            { "id": 3, "name": "Shop", "physicalPath": "/srv/shop", "state": "stopped",
              "bindings": [ { "protocol": "http", "address": "*", "port": 8081, "hostName": "shop.example" },
                            { "protocol": "https", "address": "*", "port": 8443, "hostName": "shop.example", "certificateFile": "c.pem" } ],
              "applications": [ { "path": "/blog", "physicalPath": "/srv/blog", "virtualDirectories": [ { "path": "/img", "physicalPath": "/srv/img" } ] } ] }
          ],
          "applicationPools": [ { "name": "DefaultAppPool" } ]
        }
        """;

    private const string Commit = """
        {"version":8,"previousVersion":7,"changes":[{"path":"/sites/1/state","op":"replace","old":"stopped","new":"started"}],
         "applied":[{"service":"www","outcome":"applied","message":"applied version 8 in place"}],"ok":true}
        """;

    private readonly CliRun _cli = new();

    private static FakeAnswer Read(long version = 7) => FakeAnswer.Json(Config.Replace("\"version\": 7", $"\"version\": {version}"), version);

    private async Task<(CliOutcome Run, IReadOnlyList<AdminExchange> Sent)> RunAsync(FakeAnswer[] answers, params string[] args)
    {
        using var root = new TempRoot();
        await using var api = new FakeAdminApi(root, answers);
        var run = await _cli.Wharf([.. args, "--root", root.Path]);
        return (run, api.Requests);
    }

    [Fact]
    public async Task List_is_a_table_of_id_name_state_bindings_and_folder()
    {
        var (run, sent) = await RunAsync([Read()], "site", "list");
        Assert.True(run.Code == ExitCodes.Ok, run.Err);
        Assert.Equal("GET /api/config", $"{sent[0].Method} {sent[0].Target}");
        Assert.Equal("""
            ID  NAME              STATE    BINDINGS                                            PHYSICAL PATH
            1   Default Web Site  started  http/127.0.0.1:8080:                                wwwroot
            3   Shop              stopped  http/*:8081:shop.example,https/*:8443:shop.example  /srv/shop

            """, run.Out);
    }

    [Fact]
    public async Task List_json_is_one_document_with_the_table_s_fields()
    {
        var (run, _) = await RunAsync([Read()], "site", "list", "--json");
        var sites = JsonNode.Parse(run.Out)!.AsArray();
        Assert.Equal(2, sites.Count);
        Assert.Equal("started", (string?)sites[0]!["state"]);
        Assert.Equal(["http/*:8081:shop.example", "https/*:8443:shop.example"], sites[1]!["bindings"]!.AsArray().Select(b => (string?)b));
        Assert.Equal("DefaultAppPool", (string?)sites[1]!["applicationPool"]);
    }

    [Fact]
    public async Task Show_lists_every_setting_with_defaults_as_set_names_them()
    {
        var (run, _) = await RunAsync([Read()], "site", "show", "shop");
        Assert.True(run.Code == ExitCodes.Ok, run.Err);
        Assert.Matches(@"(?m)^name\s+Shop$", run.Out);
        Assert.Matches(@"(?m)^state\s+stopped$", run.Out);
        Assert.Matches(@"(?m)^bindings\s+http/\*:8081:shop.example$", run.Out);
        Assert.Matches(@"(?m)^\s+https/\*:8443:shop.example  certificateFile c.pem$", run.Out);
        Assert.Matches(@"(?m)^applications\s+/blog → /srv/blog  \(pool DefaultAppPool\)$", run.Out);
        Assert.Matches(@"(?m)^\s+/blog/img → /srv/img$", run.Out);
        Assert.Matches(@"(?m)^directoryBrowsing\s+false$", run.Out);
        Assert.Matches(@"(?m)^limits.maxBandwidth\s+null$", run.Out);
        Assert.Matches(@"(?m)^limits.connectionTimeout\s+00:02:00$", run.Out);
        Assert.Matches(@"(?m)^logFile.period\s+daily$", run.Out);
    }

    [Fact]
    public async Task Show_json_is_the_site_in_force_defaults_included()
    {
        var (run, _) = await RunAsync([Read()], "site", "show", "DEFAULT WEB SITE", "--json");
        var site = JsonNode.Parse(run.Out)!;
        Assert.Equal("Default Web Site", (string?)site["name"]);
        Assert.Equal("started", (string?)site["state"]);
        Assert.Equal(30_000_000, (long?)site["limits"]!["maxRequestBodyBytes"]);
    }

    [Fact]
    public async Task A_configuration_this_build_does_not_read_is_listed_as_written()
    {
        var newer = FakeAnswer.Json("""{"version":9,"sites":[{"id":4,"name":"Later","physicalPath":"p","bindings":[{"port":81}],"someFutureSetting":true}]}""", 9);
        var (run, _) = await RunAsync([newer], "site", "list");
        Assert.True(run.Code == ExitCodes.Ok, run.Err);
        Assert.Matches(@"(?m)^4\s+Later\s+started\s+http/\*:81:\s+p$", run.Out);
    }

    [Fact]
    public async Task An_unknown_site_is_one_line_naming_the_sites_there_are_and_exits_1()
    {
        var (run, sent) = await RunAsync([Read()], "site", "stop", "Nope");
        Assert.Equal(ExitCodes.Failed, run.Code);
        Assert.Equal("there is no site named \"Nope\"; the sites are \"Default Web Site\", \"Shop\" (`wharf site list`)", run.Err.Trim());
        Assert.Single(sent);
    }

    [Fact]
    public async Task Add_puts_a_new_site_with_the_smallest_free_id_against_the_version_read()
    {
        var (run, sent) = await RunAsync([Read(), FakeAnswer.Json(Commit)],
            "site", "add", "Blog", "--path", "/srv/blog", "--binding", "http/127.0.0.1:8082:", "--binding", "*:8083:blog.example", "--pool", "DefaultAppPool");
        Assert.True(run.Code == ExitCodes.Ok, run.Err);
        var put = sent[1];
        Assert.Equal(("PUT", "/api/config?path=%2Fsites%2F-", "\"7\""), (put.Method, put.Target, put.IfMatch));
        Assert.Equal("""{"id":2,"name":"Blog","physicalPath":"/srv/blog","bindings":[{"protocol":"http","address":"127.0.0.1","port":8082},{"protocol":"http","address":"*","port":8083,"hostName":"blog.example"}],"applicationPool":"DefaultAppPool"}""", put.Body);
        Assert.StartsWith("added site \"Blog\" (id 2): http/127.0.0.1:8082:, http/*:8083:blog.example", run.OutLines[0]);
        Assert.Contains("version 8:", run.Out);
    }

    [Fact]
    public async Task Add_gives_the_certificate_to_its_https_bindings_only()
    {
        var (run, sent) = await RunAsync([Read(), FakeAnswer.Json(Commit)],
            "site", "add", "Secure", "--path", "s", "--binding", "http/*:8090:", "--binding", "https/*:8091:", "--cert", "s.pem", "--key", "s.key");
        Assert.True(run.Code == ExitCodes.Ok, run.Err);
        var bindings = JsonNode.Parse(sent[1].Body)!["bindings"]!.AsArray();
        Assert.Null(bindings[0]!["certificateFile"]);
        Assert.Equal(("s.pem", "s.key"), ((string?)bindings[1]!["certificateFile"], (string?)bindings[1]!["keyFile"]));
    }

    [Theory]
    [InlineData("site add X --path p --binding https/*:443:", "needs a certificate: add --cert FILE")]
    [InlineData("site add X --path p --binding http/*:80: --cert c.pem", "--cert is for https bindings")]
    [InlineData("site add X --path p --binding http/*:80: --key k", "--key goes with --cert")]
    [InlineData("site add X --path p --binding http/*:port:", "'port' is not a port")]
    [InlineData("site add X --path p", "--binding")]
    [InlineData("site add X --binding http/*:80:", "--path")]
    [InlineData("site set Shop nonsense=1", "a site has no 'nonsense'")]
    [InlineData("site set Shop", "Required argument missing")]
    [InlineData("site binding add Shop ftp/*:21:", "neither http nor https")]
    [InlineData("site binding remove Shop *", "port is missing")]
    public async Task A_wrong_command_line_sends_nothing_and_exits_64(string line, string message)
    {
        var (run, sent) = await RunAsync([Read()], line.Split(' '));
        Assert.Equal(ExitCodes.Usage, run.Code);
        Assert.Contains(message, run.Err);
        Assert.Empty(sent);
    }

    [Fact]
    public async Task Start_sets_the_state_and_says_what_changed_and_the_new_version()
    {
        var (run, sent) = await RunAsync([Read(), FakeAnswer.Json(Commit)], "site", "start", "shop");
        Assert.True(run.Code == ExitCodes.Ok, run.Err);
        Assert.Equal(("PUT", "/api/config?path=%2Fsites%2F1%2Fstate", "\"started\"", "\"7\""), (sent[1].Method, sent[1].Target, sent[1].Body, sent[1].IfMatch));
        Assert.Equal("site \"Shop\" (id 3) started", run.OutLines[0]);
        Assert.Equal("version 8: /sites/1/state: \"stopped\" → \"started\"", run.OutLines[1]);
    }

    [Fact]
    public async Task Stopping_a_stopped_site_sends_nothing_and_says_so()
    {
        var (run, sent) = await RunAsync([Read()], "site", "stop", "Shop");
        Assert.Equal(ExitCodes.Ok, run.Code);
        Assert.Single(sent);
        Assert.Equal("site \"Shop\" (id 3) is already stopped (version 7); nothing was changed", run.Out.Trim());
    }

    [Fact]
    public async Task With_json_stdout_is_one_document_also_when_nothing_is_sent()
    {
        var (already, _) = await RunAsync([Read()], "site", "stop", "Shop", "--json");
        Assert.Equal((ExitCodes.Ok, 7L, true), (already.Code, (long)JsonNode.Parse(already.Out)!["version"]!, (bool)JsonNode.Parse(already.Out)!["ok"]!));

        var (unknown, _) = await RunAsync([Read()], "site", "stop", "Nope", "--json");
        Assert.Equal(ExitCodes.Failed, unknown.Code);
        Assert.StartsWith("there is no site named \"Nope\"", (string?)JsonNode.Parse(unknown.Out)!["error"]);
    }

    [Fact]
    public async Task A_change_made_meanwhile_is_read_again_and_the_change_retried_once()
    {
        var conflict = FakeAnswer.Error(412, "moved on", ",\"currentVersion\":8");
        var (run, sent) = await RunAsync([Read(7), conflict, Read(8), FakeAnswer.Json(Commit)], "site", "stop", "Default Web Site");
        Assert.True(run.Code == ExitCodes.Ok, run.Err);
        Assert.Equal(["GET", "PUT", "GET", "PUT"], sent.Select(s => s.Method));
        Assert.Equal(("\"7\"", "\"8\""), (sent[1].IfMatch, sent[3].IfMatch));
        Assert.Contains("someone else changed the configuration since version 7 (it is now version 8); reading it again and retrying once", run.Err);
    }

    [Fact]
    public async Task A_second_conflict_is_reported_and_exits_75()
    {
        var conflict = FakeAnswer.Error(412, "moved on", ",\"currentVersion\":9");
        var (run, sent) = await RunAsync([Read(7), conflict, Read(8), conflict], "site", "stop", "Default Web Site");
        Assert.Equal(75, run.Code);
        Assert.Equal(4, sent.Count);
        Assert.Contains("someone else changed the configuration since version 8: it is now version 9", run.Err);
    }

    [Fact]
    public async Task Set_puts_the_whole_site_once_with_every_setting()
    {
        var (run, sent) = await RunAsync([Read(), FakeAnswer.Json(Commit)],
            "site", "set", "shop", "directoryBrowsing=true", "limits.maxBandwidth=65536", "logFile.period=Hourly");
        Assert.True(run.Code == ExitCodes.Ok, run.Err);
        Assert.Equal(("PUT", "/api/config?path=%2Fsites%2F1", "\"7\""), (sent[1].Method, sent[1].Target, sent[1].IfMatch));
        var site = JsonNode.Parse(sent[1].Body)!;
        Assert.Equal((true, 65536L, "hourly"), ((bool)site["directoryBrowsing"]!, (long)site["limits"]!["maxBandwidth"]!, (string?)site["logFile"]!["period"]));
        Assert.Equal("/srv/shop", (string?)site["physicalPath"]);
        Assert.Equal("changed site \"Shop\" (id 3): directoryBrowsing, limits.maxBandwidth, logFile.period", run.OutLines[0]);
    }

    [Fact]
    public async Task An_invalid_value_is_the_admin_api_s_error_naming_the_field_and_exits_2()
    {
        var invalid = FakeAnswer.Error(422, "the change would make the configuration invalid; nothing was saved",
            ",\"errors\":[{\"path\":\"/sites/1/limits/maxBandwidth\",\"message\":\"\\\"fast\\\" is not an integer\"}]");
        var (run, _) = await RunAsync([Read(), invalid], "site", "set", "Shop", "limits.maxBandwidth=fast");
        Assert.Equal(ExitCodes.InvalidConfig, run.Code);
        Assert.Contains("/sites/1/limits/maxBandwidth: \"fast\" is not an integer", run.Err);
    }

    [Fact]
    public async Task Binding_add_appends_to_the_site_s_bindings()
    {
        var (run, sent) = await RunAsync([Read(), FakeAnswer.Json(Commit)], "site", "binding", "add", "Default Web Site", "http/127.0.0.1:8085:");
        Assert.True(run.Code == ExitCodes.Ok, run.Err);
        Assert.Equal(("/api/config?path=%2Fsites%2F0%2Fbindings%2F-", """{"protocol":"http","address":"127.0.0.1","port":8085}"""), (sent[1].Target, sent[1].Body));
    }

    [Fact]
    public async Task Binding_remove_deletes_the_matching_binding_by_index()
    {
        var (run, sent) = await RunAsync([Read(), FakeAnswer.Json(Commit)], "site", "binding", "remove", "Shop", "https/*:8443:SHOP.example");
        Assert.True(run.Code == ExitCodes.Ok, run.Err);
        Assert.Equal(("DELETE", "/api/config?path=%2Fsites%2F1%2Fbindings%2F1", "\"7\""), (sent[1].Method, sent[1].Target, sent[1].IfMatch));
    }

    [Fact]
    public async Task Removing_a_binding_the_site_lacks_names_the_ones_it_has()
    {
        var (run, sent) = await RunAsync([Read()], "site", "binding", "remove", "Shop", "http/*:9999:");
        Assert.Equal(ExitCodes.Failed, run.Code);
        Assert.Single(sent);
        Assert.Equal("site \"Shop\" (id 3) has no binding http/*:9999:; its bindings are http/*:8081:shop.example, https/*:8443:shop.example", run.Err.Trim());
    }

    [Fact]
    public async Task Vdir_add_makes_the_root_application_s_list_when_there_is_none()
    {
        var (run, sent) = await RunAsync([Read(), FakeAnswer.Json(Commit)], "vdir", "add", "default web site/images", "--path", "/srv/images");
        Assert.True(run.Code == ExitCodes.Ok, run.Err);
        Assert.Equal(("/api/config?path=%2Fsites%2F0%2FvirtualDirectories", """[{"path":"/images","physicalPath":"/srv/images"}]"""), (sent[1].Target, sent[1].Body));
    }

    [Fact]
    public async Task Vdir_add_under_an_application_goes_in_that_application()
    {
        var (run, sent) = await RunAsync([Read(), FakeAnswer.Json(Commit)], "vdir", "add", "Shop/Blog/files", "--path", "/srv/files");
        Assert.True(run.Code == ExitCodes.Ok, run.Err);
        Assert.Equal(("/api/config?path=%2Fsites%2F1%2Fapplications%2F0%2FvirtualDirectories%2F-", """{"path":"/files","physicalPath":"/srv/files"}"""), (sent[1].Target, sent[1].Body));
        Assert.Contains("added virtual directory /blog/files of site \"Shop\" (id 3) (in application /blog), served from /srv/files", run.Out);
    }

    [Fact]
    public async Task Vdir_remove_deletes_it_from_its_application()
    {
        var (run, sent) = await RunAsync([Read(), FakeAnswer.Json(Commit)], "vdir", "remove", "Shop/blog/IMG");
        Assert.True(run.Code == ExitCodes.Ok, run.Err);
        Assert.Equal(("DELETE", "/api/config?path=%2Fsites%2F1%2Fapplications%2F0%2FvirtualDirectories%2F0"), (sent[1].Method, sent[1].Target));
    }

    [Theory]
    [InlineData("vdir remove Shop/nothing", 1, "site \"Shop\" (id 3) has no virtual directory /nothing; it has /blog/img")]
    [InlineData("vdir remove Nope/x", 1, "there is no site named \"Nope\"")]
    [InlineData("vdir add Shop --path x", 64, "names the site \"Shop\" (id 3) but no path in it")]
    [InlineData("vdir add Shop/blog --path x", 1, "/blog of site \"Shop\" (id 3) is an application")]
    public async Task A_virtual_directory_that_cannot_be_is_one_line_and_nothing_is_sent(string line, int code, string message)
    {
        var (run, sent) = await RunAsync([Read()], line.Split(' '));
        Assert.Equal(code, run.Code);
        Assert.Contains(message, run.Err);
        Assert.Single(sent);
    }

    [Fact]
    public async Task App_add_appends_an_application_with_its_pool()
    {
        var (run, sent) = await RunAsync([Read(), FakeAnswer.Json(Commit)], "app", "add", "shop/shop-api", "--path", "/srv/api", "--pool", "DefaultAppPool");
        Assert.True(run.Code == ExitCodes.Ok, run.Err);
        Assert.Equal(("PUT", "/api/config?path=%2Fsites%2F1%2Fapplications%2F-", """{"path":"/shop-api","physicalPath":"/srv/api","applicationPool":"DefaultAppPool"}"""),
            (sent[1].Method, sent[1].Target, sent[1].Body));
    }

    [Fact]
    public async Task App_remove_deletes_it_and_an_unknown_one_names_those_there_are()
    {
        var (removed, sent) = await RunAsync([Read(), FakeAnswer.Json(Commit)], "app", "remove", "Shop/BLOG");
        Assert.True(removed.Code == ExitCodes.Ok, removed.Err);
        Assert.Equal(("DELETE", "/api/config?path=%2Fsites%2F1%2Fapplications%2F0"), (sent[1].Method, sent[1].Target));

        var (unknown, _) = await RunAsync([Read()], "app", "remove", "Shop/nothing");
        Assert.Equal(ExitCodes.Failed, unknown.Code);
        Assert.Contains("site \"Shop\" (id 3) has no application /nothing; it has /blog", unknown.Err);
    }

    [Fact]
    public async Task App_list_shows_each_site_s_root_application_and_its_applications()
    {
        var (run, _) = await RunAsync([Read()], "app", "list");
        Assert.True(run.Code == ExitCodes.Ok, run.Err);
        Assert.Matches(@"(?m)^SITE\s+PATH\s+PHYSICAL PATH\s+APPLICATION POOL$", run.Out);
        Assert.Matches(@"(?m)^Default Web Site\s+/\s+wwwroot\s+DefaultAppPool$", run.Out);
        Assert.Matches(@"(?m)^Shop\s+/blog\s+/srv/blog\s+DefaultAppPool$", run.Out);
    }

    [Fact]
    public async Task A_folder_that_is_not_there_is_noted_once_the_change_is_made_and_not_when_nothing_answers()
    {
        var (made, _) = await RunAsync([Read(), FakeAnswer.Json(Commit)], "site", "add", "X", "--path", "/nonexistent-wharf-folder", "--binding", "*:80");
        Assert.Equal(ExitCodes.Ok, made.Code);
        Assert.Contains("note: the folder /nonexistent-wharf-folder does not exist (yet)", made.Err);

        using var root = new TempRoot();
        var unanswered = await _cli.Wharf("site", "add", "X", "--path", "/nonexistent-wharf-folder", "--binding", "*:80", "--root", root.Path);
        Assert.Equal(ExitCodes.NotRunning, unanswered.Code);
        Assert.DoesNotContain("note:", unanswered.Err);
    }

    [Fact]
    public async Task Not_allowed_is_exit_77()
    {
        var (run, _) = await RunAsync([FakeAnswer.Error(403, "uid 65534 may not administer Wharf; run as root, as the user Wharf runs as, or as a member of the wharf-admins group")],
            "site", "stop", "Shop");
        Assert.Equal(ExitCodes.AccessDenied, run.Code);
        Assert.Contains("may not administer Wharf", run.Err);
    }
}
