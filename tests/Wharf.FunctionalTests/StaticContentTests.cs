using System.IO.Compression;
using System.Text;
using Wharf.TestKit;

namespace Wharf.FunctionalTests;

/// <summary>Every static content feature, against the real server, with curl and Python's http.client.</summary>
public sealed class StaticContentTests(StaticSites sites) : IClassFixture<StaticSites>
{
    private string Url => sites.Url;

    [Fact]
    public async Task Default_documents_are_tried_in_the_sites_order()
    {
        var root = await Curl.RunAsync(Url + "/");
        Assert.Equal(200, root.Status);
        Assert.Equal("<p>home</p>\n", root.Text); // home.htm is listed before index.html, which exists too
        Assert.Equal("<p>docs</p>\n", (await Curl.RunAsync(Url + "/docs/")).Text); // no home.htm there: the next one
    }

    [Fact]
    public async Task A_folder_without_its_slash_is_redirected_301_to_the_slash_form()
    {
        var redirect = await Curl.RunAsync(Url + "/docs?x=1");
        Assert.Equal(301, redirect.Status);
        Assert.Equal("/docs/?x=1", redirect.Header("Location"));
        Assert.Equal("<p>docs</p>\n", (await Curl.RunAsync("-L", Url + "/docs")).Text);
    }

    [Fact]
    public async Task A_folder_without_default_document_is_403_14_when_browsing_is_off()
    {
        var denied = await Curl.RunAsync(Url + "/nodoc/");
        Assert.Equal(403, denied.Status);
        Assert.Contains("403.14", denied.Text);
        Assert.DoesNotContain("a.txt", denied.Text);
    }

    [Fact]
    public async Task Directory_browsing_lists_names_dates_and_sizes_with_names_escaped()
    {
        var listing = await Curl.RunAsync(sites.BrowseUrl + "/list/");
        Assert.Equal(200, listing.Status);
        Assert.StartsWith("text/html", listing.Header("Content-Type"));
        Assert.Contains("<a href=\"%3Cb%3E%26.txt\">&lt;b&gt;&amp;.txt</a>", listing.Text);
        Assert.DoesNotContain("<b>&", listing.Text);
        Assert.Contains("<a href=\"sub/\">sub</a>", listing.Text);
        Assert.Contains("[To Parent Directory]", listing.Text);
        Assert.Matches(@"\d{4}-\d{2}-\d{2}  \d{2}:\d{2} +8 <a href=""%3Cb", listing.Text); // date, time, size ("escaped\n" is 8 bytes)
        Assert.Equal("escaped\n", (await Curl.RunAsync(sites.BrowseUrl + "/list/%3Cb%3E%26.txt")).Text);
    }

    [Fact]
    public async Task Known_extensions_get_their_type_the_site_map_adds_one_and_unknown_ones_are_404_3()
    {
        Assert.Equal("text/plain", (await Curl.RunAsync(Url + "/docs/readme.txt")).Header("Content-Type"));
        var mapped = await Curl.RunAsync(Url + "/thing.wharf");
        Assert.Equal(200, mapped.Status);
        Assert.Equal("application/x-wharf", mapped.Header("Content-Type"));

        var unknown = await Curl.RunAsync(Url + "/data.unknownext");
        Assert.Equal(404, unknown.Status);
        Assert.DoesNotContain("mystery", unknown.Text);
    }

    [Fact]
    public async Task Unknown_types_are_served_as_octet_stream_where_the_site_allows_them()
    {
        var allowed = await Curl.RunAsync(sites.BrowseUrl + "/data.unknownext");
        Assert.Equal(200, allowed.Status);
        Assert.Equal("application/octet-stream", allowed.Header("Content-Type"));
        Assert.Equal("mystery\n", allowed.Text);
    }

    [Fact]
    public async Task IIS_hidden_segments_are_404_whatever_the_case()
    {
        foreach (var path in new[] { "/web.config", "/WEB.CONFIG", "/bin/app.dll", "/Bin/app.dll" })
        {
            var hidden = await Curl.RunAsync(Url + path);
            Assert.True(hidden.Status == 404, $"{path}: {hidden}");
            Assert.DoesNotContain("configuration", hidden.Text);
        }
    }

    [Fact]
    public async Task ETag_and_If_None_Match_give_304_without_a_body()
    {
        var first = await Curl.RunAsync(Url + "/docs/readme.txt");
        var etag = first.Header("ETag");
        Assert.Matches("^\"[0-9a-f]+-[0-9a-f]+\"$", etag);

        var again = await Curl.RunAsync("-H", $"If-None-Match: {etag}", Url + "/docs/readme.txt");
        Assert.Equal(304, again.Status);
        Assert.Empty(again.Body);
        Assert.Equal(etag, again.Header("ETag"));
        Assert.Equal(first.Header("Last-Modified"), again.Header("Last-Modified"));

        Assert.Equal(200, (await Curl.RunAsync("-H", "If-None-Match: \"stale\"", Url + "/docs/readme.txt")).Status);
    }

    [Fact]
    public async Task Last_Modified_and_If_Modified_Since_give_304_and_an_older_date_the_file()
    {
        var first = await Curl.RunAsync(Url + "/docs/readme.txt");
        var lastModified = DateTimeOffset.Parse(first.Header("Last-Modified")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(File.GetLastWriteTimeUtc(sites.PathOf("wwwroot/docs/readme.txt")).ToString("R"), lastModified.UtcDateTime.ToString("R"));

        var same = await Curl.RunAsync("-H", $"If-Modified-Since: {first.Header("Last-Modified")}", Url + "/docs/readme.txt");
        Assert.Equal(304, same.Status);
        var older = await Curl.RunAsync("-H", $"If-Modified-Since: {lastModified.AddHours(-1):R}", Url + "/docs/readme.txt");
        Assert.Equal(200, older.Status);
        Assert.Equal("read me\n", older.Text);
    }

    [Fact]
    public async Task If_Match_and_If_Unmodified_Since_that_do_not_hold_give_412()
    {
        var first = await Curl.RunAsync(Url + "/docs/readme.txt");
        Assert.Equal(412, (await Curl.RunAsync("-H", "If-Match: \"other\"", Url + "/docs/readme.txt")).Status);
        Assert.Equal(200, (await Curl.RunAsync("-H", $"If-Match: {first.Header("ETag")}", Url + "/docs/readme.txt")).Status);
        Assert.Equal(412, (await Curl.RunAsync("-H", "If-Unmodified-Since: Mon, 01 Jan 2001 00:00:00 GMT", Url + "/docs/readme.txt")).Status);
    }

    [Fact]
    public async Task A_single_range_is_206_with_its_Content_Range_from_memory_and_from_disk()
    {
        var cached = await Curl.RunAsync("-r", "10-19", Url + "/big.txt");
        Assert.Equal(206, cached.Status);
        Assert.Equal($"bytes 10-19/{sites.BigText.Length}", cached.Header("Content-Range"));
        Assert.Equal(sites.BigText[10..20], cached.Body);

        var streamed = await Curl.RunAsync("-r", "1000000-1000099", Url + "/large.bin");
        Assert.Equal(206, streamed.Status);
        Assert.Equal($"bytes 1000000-1000099/{sites.Large.Length}", streamed.Header("Content-Range"));
        Assert.Equal(sites.Large[1000000..1000100], streamed.Body);

        var suffix = await Curl.RunAsync("-r", "-5", Url + "/large.bin");
        Assert.Equal(sites.Large[^5..], suffix.Body);
    }

    [Theory]
    [InlineData("/big.txt")]
    [InlineData("/large.bin")]
    public async Task Several_ranges_are_one_multipart_byteranges_answer(string path)
    {
        var content = path == "/big.txt" ? sites.BigText : sites.Large;
        var answer = await PythonHttp.RequestAsync(sites.Host.HttpPort, "GET", path, new Dictionary<string, string> { ["Range"] = "bytes=0-4, 100-109, -3" });
        Assert.True(answer.Status == 206, sites.Host.Output);
        var type = (string)answer.Headers["Content-Type"]!;
        Assert.StartsWith("multipart/byteranges; boundary=", type);
        var boundary = type["multipart/byteranges; boundary=".Length..];

        // RFC 9110 section 14.6: each part has its Content-Range, and the body is exactly those bytes.
        var body = Encoding.Latin1.GetString(answer.Body);
        var parts = body.Split("--" + boundary);
        Assert.Equal("--\r\n", parts[^1]);
        var expected = new[] { (0, 5), (100, 10), (content.Length - 3, 3) };
        Assert.Equal(expected.Length, parts.Length - 2);
        for (var i = 0; i < expected.Length; i++)
        {
            var (from, length) = expected[i];
            var part = parts[i + 1];
            Assert.Contains($"Content-Range: bytes {from}-{from + length - 1}/{content.Length}\r\n", part);
            var data = part[(part.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..^2];
            Assert.Equal(content[from..(from + length)], Encoding.Latin1.GetBytes(data));
        }
        Assert.Equal(answer.Body.Length, int.Parse((string)answer.Headers["Content-Length"]!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task An_unsatisfiable_range_is_416_with_the_current_length()
    {
        var answer = await Curl.RunAsync("-r", "5000000-", Url + "/large.bin");
        Assert.Equal(416, answer.Status);
        Assert.Equal($"bytes */{sites.Large.Length}", answer.Header("Content-Range"));
    }

    [Fact]
    public async Task If_Range_with_a_stale_validator_sends_the_whole_file_and_with_the_current_one_the_range()
    {
        var etag = (await Curl.RunAsync("-I", Url + "/big.txt")).Header("ETag")!;
        var stale = await Curl.RunAsync("-r", "0-9", "-H", "If-Range: \"stale\"", Url + "/big.txt");
        Assert.Equal(200, stale.Status);
        Assert.Equal(sites.BigText, stale.Body);
        var current = await Curl.RunAsync("-r", "0-9", "-H", $"If-Range: {etag}", Url + "/big.txt");
        Assert.Equal(206, current.Status);
        Assert.Equal(sites.BigText[..10], current.Body);
    }

    [Fact]
    public async Task HEAD_has_the_headers_of_GET_and_no_body()
    {
        foreach (var path in new[] { "/large.bin", "/big.txt", "/" })
        {
            var get = await Curl.RunAsync(Url + path);
            // http.client reads no body after HEAD, so any byte sent would spoil the next exchange; -I shows the headers.
            var head = await PythonHttp.RequestAsync(sites.Host.HttpPort, "HEAD", path);
            Assert.Equal(200, head.Status);
            Assert.Empty(head.Body);
            var curlHead = await Curl.RunAsync("-I", Url + path);
            Assert.Equal(get.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), curlHead.Header("Content-Length"));
            foreach (var name in new[] { "Content-Type", "ETag", "Last-Modified", "Accept-Ranges", "Cache-Control", "Content-Length" })
                Assert.Equal(get.Header(name), curlHead.Header(name));
            Assert.Equal("bytes", curlHead.Header("Accept-Ranges"));
        }
    }

    [Fact]
    public async Task Cache_Control_carries_the_sites_client_cache_age()
    {
        Assert.Equal("max-age=3600", (await Curl.RunAsync(Url + "/docs/readme.txt")).Header("Cache-Control"));
        Assert.Null((await Curl.RunAsync(sites.BrowseUrl + "/data.unknownext")).Header("Cache-Control"));
    }

    [Theory]
    [InlineData("br", "br")]
    [InlineData("gzip", "gzip")]
    [InlineData("gzip;q=0.5, br;q=0.9", "br")]
    [InlineData("br;q=0.1, gzip", "gzip")]
    public async Task Compression_follows_Accept_Encoding_and_curl_decodes_it_back_to_the_file(string acceptEncoding, string expected)
    {
        var identity = await Curl.RunAsync(Url + "/big.txt");
        var answer = await Curl.RunAsync("--compressed", "-H", $"Accept-Encoding: {acceptEncoding}", Url + "/big.txt");
        Assert.Equal(200, answer.Status);
        Assert.Equal(expected, answer.Header("Content-Encoding"));
        Assert.Equal("Accept-Encoding", answer.Header("Vary"));
        Assert.Equal(sites.BigText, answer.Body);
        Assert.NotEqual(identity.Header("ETag"), answer.Header("ETag"));
        Assert.Equal("Accept-Encoding", identity.Header("Vary"));
        Assert.Null(identity.Header("Content-Encoding"));
    }

    [Fact]
    public async Task Gzip_decompresses_in_Python_to_the_file_and_Brotli_in_dotnet_and_both_are_smaller()
    {
        var gzip = await PythonHttp.RequestAsync(sites.Host.HttpPort, "GET", "/big.txt", new Dictionary<string, string> { ["Accept-Encoding"] = "gzip" });
        Assert.Equal("gzip", (string?)gzip.Headers["Content-Encoding"]);
        Assert.True(gzip.Body.Length < sites.BigText.Length / 4, $"{gzip.Body.Length} bytes");
        Assert.Equal(sites.BigText, gzip.Decoded);

        var br = await PythonHttp.RequestAsync(sites.Host.HttpPort, "GET", "/big.txt", new Dictionary<string, string> { ["Accept-Encoding"] = "br" });
        Assert.Equal("br", (string?)br.Headers["Content-Encoding"]);
        Assert.True(br.Body.Length < sites.BigText.Length / 4, $"{br.Body.Length} bytes");
        using var decoder = new BrotliStream(new MemoryStream(br.Body), CompressionMode.Decompress);
        using var decoded = new MemoryStream();
        await decoder.CopyToAsync(decoded);
        Assert.Equal(sites.BigText, decoded.ToArray());

        // The compressed form's own ETag validates it.
        var etag = (string)br.Headers["ETag"]!;
        var again = await PythonHttp.RequestAsync(sites.Host.HttpPort, "GET", "/big.txt", new Dictionary<string, string> { ["Accept-Encoding"] = "br", ["If-None-Match"] = etag });
        Assert.Equal(304, again.Status);
    }

    [Fact]
    public async Task Small_files_other_types_and_ranges_are_not_compressed()
    {
        Assert.Null((await Curl.RunAsync("-H", "Accept-Encoding: gzip, br", Url + "/small.txt")).Header("Content-Encoding"));
        Assert.Null((await Curl.RunAsync("-H", "Accept-Encoding: gzip, br", Url + "/large.bin")).Header("Content-Encoding"));
        var range = await Curl.RunAsync("-H", "Accept-Encoding: gzip, br", "-r", "0-99", Url + "/big.txt");
        Assert.Equal(206, range.Status);
        Assert.Null(range.Header("Content-Encoding"));
        Assert.Equal(sites.BigText[..100], range.Body);
    }

    [Fact]
    public async Task A_large_text_file_is_compressed_once_in_the_background_and_then_sent_compressed()
    {
        var text = new byte[600 * 1024];
        for (var i = 0; i < text.Length; i++) text[i] = (byte)('a' + i % 26);
        sites.Write("wwwroot/large.txt", text);
        // The first answers are identity while the compressed form is made; poll (bounded) until it is used.
        string? encoding = null;
        CurlResponse? answer = null;
        for (var attempt = 0; attempt < 200 && encoding is null; attempt++)
        {
            answer = await Curl.RunAsync("--compressed", "-H", "Accept-Encoding: gzip", Url + "/large.txt");
            Assert.Equal(text, answer.Body);
            encoding = answer.Header("Content-Encoding");
            if (encoding is null) await Task.Delay(50);
        }
        Assert.Equal("gzip", encoding);
        Assert.True(long.Parse(answer!.Header("Content-Length")!, System.Globalization.CultureInfo.InvariantCulture) < text.Length / 10);
    }

    [Fact]
    public async Task A_custom_error_page_is_sent_with_the_original_404_status()
    {
        var missing = await Curl.RunAsync(Url + "/no/such/page.html");
        Assert.Equal(404, missing.Status);
        Assert.Equal("<h1>custom not found</h1>\n", missing.Text);
        Assert.Equal("text/html", missing.Header("Content-Type"));
        // A site without httpErrors sends the built-in page.
        var builtIn = await Curl.RunAsync(sites.BrowseUrl + "/no/such/page.html");
        Assert.Equal(404, builtIn.Status);
        Assert.Contains("HTTP Error 404", builtIn.Text);
    }

    [Fact]
    public async Task Custom_headers_are_on_every_answer_of_the_site()
    {
        foreach (var (path, status) in new[] { ("/", 200), ("/nothing", 404), ("/nodoc/", 403), ("/docs", 301) })
        {
            var answer = await Curl.RunAsync(Url + path);
            Assert.Equal(status, answer.Status);
            Assert.True(answer.Header("X-Served-By") == "wharf-tests", $"{path}: {answer}");
        }
        var notModified = await Curl.RunAsync("-H", "If-Modified-Since: Fri, 01 Jan 2100 00:00:00 GMT", Url + "/docs/readme.txt");
        Assert.Equal(304, notModified.Status);
        Assert.Equal("wharf-tests", notModified.Header("X-Served-By"));
        Assert.Null((await Curl.RunAsync(sites.BrowseUrl + "/list/")).Header("X-Served-By"));
    }

    [Fact]
    public async Task Virtual_directories_and_applications_are_served_from_their_own_folders()
    {
        Assert.Equal("PNG-ish", (await Curl.RunAsync(Url + "/pictures/cat.png")).Text);
        Assert.Equal("PNG-ish", (await Curl.RunAsync(Url + "/PICTURES/cat.png")).Text); // prefixes ignore case, as IIS
        Assert.Equal("<p>shop</p>\n", (await Curl.RunAsync(Url + "/shop/")).Text);
        Assert.Equal(301, (await Curl.RunAsync(Url + "/shop")).Status);
        Assert.Equal("television\n", (await Curl.RunAsync(Url + "/shop/media/tv.txt")).Text);
        Assert.Equal(404, (await Curl.RunAsync(Url + "/media/tv.txt")).Status); // the application's directory, not the site's
    }

    [Fact]
    public async Task Methods_other_than_GET_and_HEAD_on_a_file_get_405_with_Allow()
    {
        foreach (var method in new[] { "POST", "PUT", "DELETE" })
        {
            var answer = await Curl.RunAsync("-X", method, Url + "/docs/readme.txt");
            Assert.Equal(405, answer.Status);
            Assert.Equal("GET, HEAD", answer.Header("Allow"));
        }
    }

    [Fact]
    public async Task A_changed_file_is_served_fresh_within_about_a_second()
    {
        sites.Write("wwwroot/changing.txt", "first version\n");
        Assert.Equal("first version\n", (await Curl.RunAsync(Url + "/changing.txt")).Text);
        var firstTag = (await Curl.RunAsync(Url + "/changing.txt")).Header("ETag");

        sites.Write("wwwroot/changing.txt", "second version, longer\n");
        // The cache looks at the disk at most once a second: poll (bounded) until it has.
        var served = "";
        for (var attempt = 0; attempt < 100 && served != "second version, longer\n"; attempt++)
        {
            served = (await Curl.RunAsync(Url + "/changing.txt")).Text;
            if (served != "second version, longer\n") await Task.Delay(50);
        }
        Assert.Equal("second version, longer\n", served);
        Assert.NotEqual(firstTag, (await Curl.RunAsync(Url + "/changing.txt")).Header("ETag"));

        File.Delete(sites.PathOf("wwwroot/changing.txt"));
        var status = 200;
        for (var attempt = 0; attempt < 100 && status != 404; attempt++)
        {
            status = (await Curl.RunAsync(Url + "/changing.txt")).Status;
            if (status != 404) await Task.Delay(50);
        }
        Assert.Equal(404, status);
    }

    [Fact]
    public async Task A_default_document_added_ahead_in_the_order_takes_over_within_about_a_second()
    {
        sites.Write("wwwroot/later/index.html", "<p>index</p>\n");
        Assert.Equal("<p>index</p>\n", (await Curl.RunAsync(Url + "/later/")).Text);
        sites.Write("wwwroot/later/home.htm", "<p>home</p>\n");
        var served = "";
        for (var attempt = 0; attempt < 100 && served != "<p>home</p>\n"; attempt++)
        {
            served = (await Curl.RunAsync(Url + "/later/")).Text;
            if (served != "<p>home</p>\n") await Task.Delay(50);
        }
        Assert.Equal("<p>home</p>\n", served);
    }

    [Fact]
    public async Task A_new_file_is_served_at_once_and_an_unknown_type_gets_the_sites_404_page()
    {
        Assert.Equal(404, (await Curl.RunAsync(Url + "/fresh.txt")).Status);
        sites.Write("wwwroot/fresh.txt", "fresh\n");
        Assert.Equal("fresh\n", (await Curl.RunAsync(Url + "/fresh.txt")).Text); // misses are not cached
        var unknown = await Curl.RunAsync(Url + "/data.unknownext");
        Assert.Equal(404, unknown.Status);
        Assert.Equal("<h1>custom not found</h1>\n", unknown.Text); // 404.3 is a 404: the site's page, status kept
    }

    [Fact]
    public async Task A_large_file_is_sent_whole_and_unchanged()
    {
        var answer = await Curl.RunAsync(Url + "/large.bin");
        Assert.Equal(200, answer.Status);
        Assert.Equal(sites.Large, answer.Body);
        Assert.Equal("application/octet-stream", answer.Header("Content-Type"));
    }
}
