using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Wharf.Admin.Http;
using Wharf.Config;

namespace Wharf.Admin.Tests;

public sealed class ApiResultsTests
{
    [Fact]
    public async Task A_json_answer_has_its_status_type_etag_and_one_trailing_newline()
    {
        var context = HttpContexts.New();

        await ApiResults.Json(context, new JsonObject { ["path"] = "/sites/0/name", ["name"] = "Tom's \"site\" + more" }, StatusCodes.Status201Created, etag: 7);

        Assert.Equal(StatusCodes.Status201Created, context.Response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", context.Response.ContentType);
        Assert.Equal("\"7\"", context.Response.Headers.ETag.ToString());
        var text = HttpContexts.BodyText(context);
        Assert.EndsWith("}\n", text);
        // Readable as it is: '+' and the apostrophe are not escaped into \u002B and \u0027.
        Assert.Contains("Tom's \\\"site\\\" + more", text);
        Assert.Equal("Tom's \"site\" + more", (string?)JsonNode.Parse(text)!["name"]);
    }

    [Fact]
    public async Task An_error_names_every_field_at_fault_and_the_current_version_when_given()
    {
        var context = HttpContexts.New();

        await ApiResults.Error(context, StatusCodes.Status422UnprocessableEntity, "invalid",
            [new ConfigError("/sites/0/bindings/0/port", "70000 is not a port"), new ConfigError("/sites/1/name", "taken")], currentVersion: 12);

        var body = HttpContexts.BodyJson(context);
        Assert.Equal(StatusCodes.Status422UnprocessableEntity, context.Response.StatusCode);
        Assert.Equal("invalid", (string?)body["error"]);
        Assert.Equal(["/sites/0/bindings/0/port", "/sites/1/name"], body["errors"]!.AsArray().Select(e => (string?)e!["path"]));
        Assert.Equal("70000 is not a port", (string?)body["errors"]![0]!["message"]);
        Assert.Equal(12, (long?)body["currentVersion"]);
    }

    [Fact]
    public async Task A_plain_error_carries_no_errors_list_and_no_version()
    {
        var context = HttpContexts.New();

        await ApiResults.Error(context, StatusCodes.Status404NotFound, "no such endpoint");

        Assert.Equal(["error"], HttpContexts.BodyJson(context).Select(p => p.Key));
    }

    [Theory]
    [InlineData("7", true, 7L)]
    [InlineData("\"7\"", true, 7L)]
    [InlineData("W/\"7\"", true, 7L)]
    [InlineData(" \"12\" ", true, 12L)]
    [InlineData("*", true, null)]
    [InlineData("", true, null)]
    [InlineData("\"seven\"", false, null)]
    [InlineData("-1", false, null)]
    [InlineData("7, 8", false, null)]
    public void If_match_is_read_as_a_version_absent_or_unreadable(string header, bool readable, long? version)
    {
        var request = HttpContexts.New().Request;
        if (header.Length > 0) request.Headers.IfMatch = header;

        Assert.Equal((readable, version), (ApiResults.TryReadIfMatch(request, out var read), read));
    }

    private static HttpRequest WithBody(string text, long? contentLength = null)
    {
        var request = HttpContexts.New().Request;
        var bytes = Encoding.UTF8.GetBytes(text);
        request.Body = new MemoryStream(bytes);
        request.ContentLength = contentLength ?? bytes.Length;
        return request;
    }

    [Fact]
    public async Task A_body_may_carry_comments_and_trailing_commas()
    {
        var (value, problem) = await ApiResults.ReadJsonAsync(WithBody("[\"index.html\", /* the default */ \"default.htm\",]"), CancellationToken.None);

        Assert.Null(problem);
        Assert.Equal(["index.html", "default.htm"], value!.AsArray().Select(v => (string?)v));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n")]
    [InlineData("{\"a\":")]
    [InlineData("index.html")]
    public async Task An_empty_or_broken_body_is_a_problem_in_words_not_a_value(string text)
    {
        var (value, problem) = await ApiResults.ReadJsonAsync(WithBody(text), CancellationToken.None);

        Assert.Null(value);
        Assert.False(string.IsNullOrWhiteSpace(problem));
    }

    [Fact]
    public async Task A_body_over_four_mebibytes_is_refused_by_its_length_or_by_what_arrives()
    {
        const int Limit = 4 * 1024 * 1024;
        var big = "\"" + new string('x', Limit) + "\"";

        var declared = await ApiResults.ReadJsonAsync(WithBody("1", contentLength: Limit + 1L), CancellationToken.None);
        var chunked = WithBody(big);
        chunked.ContentLength = null;
        var undeclared = await ApiResults.ReadJsonAsync(chunked, CancellationToken.None);

        Assert.Equal((null, true), (declared.Value, declared.Problem?.Contains(Limit.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal((null, true), (undeclared.Value, undeclared.Problem?.Contains(Limit.ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }
}
