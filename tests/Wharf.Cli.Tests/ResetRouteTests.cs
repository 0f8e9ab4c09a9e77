namespace Wharf.Cli.Tests;

public sealed class ResetRouteTests
{
    [Fact]
    public void Takes_the_tokens_after_reset_raw_and_in_order()
    {
        Assert.True(ResetRoute.TryMatch(["reset", "/stop", "-h", "/timeout:5", "web1"], out var tokens, out var root, out var error));
        Assert.Equal(["/stop", "-h", "/timeout:5", "web1"], tokens);
        Assert.Null(root);
        Assert.Null(error);
    }

    [Theory]
    [InlineData("--root /r reset /stop")]
    [InlineData("--root=/r reset /stop")]
    [InlineData("reset --root /r /stop")]
    [InlineData("reset /stop --root /r")]
    [InlineData("reset /stop --root=/r")]
    [InlineData("reset /stop --ROOT /r")]
    public void Root_works_before_or_after_reset(string line)
    {
        var args = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(ResetRoute.TryMatch(args, out var tokens, out var root, out var error));
        Assert.Equal(["/stop"], tokens);
        Assert.Equal("/r", root);
        Assert.Null(error);
    }

    [Fact]
    public void Root_without_a_directory_after_reset_is_an_error()
    {
        Assert.True(ResetRoute.TryMatch(["reset", "/stop", "--root"], out _, out _, out var error));
        Assert.Contains("--root needs a directory", error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("serve")]
    [InlineData("service reset")]
    [InlineData("--root /r service list")]
    [InlineData("--root")]
    [InlineData("--version")]
    public void Other_commands_are_left_to_the_command_line_parser(string line) =>
        Assert.False(ResetRoute.TryMatch(line.Split(' ', StringSplitOptions.RemoveEmptyEntries), out _, out _, out _));
}
