using Wharf.Cli.Reset;
using Wharf.Hosting;

namespace Wharf.Cli.Tests;

public sealed class ResetHelpTests
{
    [Theory]
    [InlineData("/RESTART")]
    [InlineData("/START")]
    [InlineData("/STOP")]
    [InlineData("/STATUS")]
    [InlineData("/ENABLE")]
    [InlineData("/DISABLE")]
    [InlineData("/REBOOT")]
    [InlineData("/REBOOTONERROR")]
    [InlineData("/NOFORCE")]
    [InlineData("/TIMEOUT:val")]
    [InlineData("/?")]
    [InlineData("--restart")]
    [InlineData("--start")]
    [InlineData("--stop")]
    [InlineData("--status")]
    [InlineData("--enable")]
    [InlineData("--disable")]
    [InlineData("--reboot")]
    [InlineData("--reboot-on-error")]
    [InlineData("--no-force")]
    [InlineData("--timeout val")]
    [InlineData("--json")]
    [InlineData("--root DIR")]
    [InlineData("--help")]
    [InlineData("computername")]
    public void Help_mentions_every_switch(string spelling) => Assert.Contains(spelling, ResetHelp.Text);

    [Fact]
    public void Help_starts_with_a_usage_line() =>
        Assert.StartsWith("Usage: wharf reset [computername]", ResetHelp.Text);

    [Fact]
    public void Help_gives_the_iis_default_timeouts()
    {
        Assert.Contains("20 s for a restart", ResetHelp.Text);
        Assert.Contains("60 s for a stop", ResetHelp.Text);
    }

    [Fact]
    public void Help_says_what_wharf_does_better()
    {
        Assert.Contains("No connection is refused during a restart", ResetHelp.Text);
        Assert.Contains("how many", ResetHelp.Text);
    }

    [Theory]
    [InlineData(ExitCodes.Ok)]
    [InlineData(ExitCodes.Failed)]
    [InlineData(ExitCodes.Usage)]
    [InlineData(ExitCodes.NotRunning)]
    [InlineData(ExitCodes.Disabled)]
    [InlineData(ExitCodes.AccessDenied)]
    public void Help_lists_every_exit_code(int code) =>
        Assert.Matches($@"(?m)^\s+{code}\s+\S", ResetHelp.Text);

    [Fact]
    public void Help_lines_fit_a_100_column_terminal() =>
        Assert.All(ResetHelp.Text.Split('\n'), line => Assert.True(line.Length <= 100, line));
}
