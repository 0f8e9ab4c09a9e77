using Wharf.Www.Static;

namespace Wharf.Www.Tests.Static;

public sealed class UrlPathGuardTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/index.html")]
    [InlineData("/a/b/c.txt")]
    [InlineData("/a//b")]
    [InlineData("/100%.txt")] // a lone percent sign that decodes to nothing is a plain character
    [InlineData("/caf\u00e9.txt")]
    [InlineData("/..hidden/x")] // a segment starting with dots is a name
    [InlineData("/a/.well-known/x")]
    [InlineData("/binaries/x")]
    public void Plain_paths_pass(string path) => Assert.Equal(PathVerdict.Ok, UrlPathGuard.Check(path));

    [Theory]
    [InlineData("/../etc/passwd")]
    [InlineData("/a/../../etc/passwd")]
    [InlineData("/a/..")]
    [InlineData("/./a")]
    [InlineData("/a\\..\\..\\etc\\passwd")]
    [InlineData("/a\\b")]
    [InlineData("/a\0.txt")]
    [InlineData("/a\n")]
    [InlineData("/a\u007f")]
    [InlineData("a/b")]
    [InlineData("")]
    public void Dot_segments_backslashes_and_control_characters_are_invalid(string path) =>
        Assert.Equal(PathVerdict.Invalid, UrlPathGuard.Check(path));

    [Theory]
    [InlineData("/..%2f..%2fetc/passwd")] // Kestrel leaves an encoded slash encoded
    [InlineData("/%2e%2e/etc/passwd")] // what a double-encoded %252e%252e decodes to once
    [InlineData("/%c0%ae%c0%ae/etc/passwd")] // overlong UTF-8 for '.', left encoded as it is not UTF-8
    [InlineData("/a%5c..")]
    [InlineData("/a%00")]
    public void Whatever_is_still_percent_encoded_is_refused_as_double_escaped(string path) =>
        Assert.Equal(PathVerdict.DoubleEscaped, UrlPathGuard.Check(path));

    [Theory]
    [InlineData("/web.config")]
    [InlineData("/WEB.CONFIG")]
    [InlineData("/bin/app.dll")]
    [InlineData("/sub/App_Data/db.mdf")]
    [InlineData("/app_code/x.cs")]
    public void Segments_IIS_hides_are_refused(string path) =>
        Assert.Equal(PathVerdict.HiddenSegment, UrlPathGuard.Check(path));
}
