using Wharf.Cli.Admin;

namespace Wharf.Cli.Tests;

public sealed class AdminReplyTests
{
    [Theory]
    [InlineData("\"7\"", 7L)]
    [InlineData("7", 7L)]
    [InlineData("W/\"12\"", 12L)]
    [InlineData("\"abc\"", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void An_etag_names_the_version_quoted_or_not(string? tag, long? version) =>
        Assert.Equal(version, AdminReply.ParseETag(tag));
}
