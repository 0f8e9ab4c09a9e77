using Wharf.Cli.Reset;

namespace Wharf.Cli.Tests;

public sealed class LocalComputerTests
{
    [Theory]
    [InlineData("localhost")]
    [InlineData("LOCALHOST")]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("web1")]
    [InlineData("Web1")]
    [InlineData("web1.example.com")]
    public void Names_of_this_machine(string name) =>
        Assert.True(LocalComputer.IsLocal(name, ["web1", "web1.example.com"]));

    [Theory]
    [InlineData("web2")]
    [InlineData("10.0.0.5")]
    [InlineData("web1.other.com")]
    public void Other_machines(string name) =>
        Assert.False(LocalComputer.IsLocal(name, ["web1", "web1.example.com"]));

    [Fact]
    public void This_machines_own_hostname_is_local() =>
        Assert.True(LocalComputer.IsLocal(Environment.MachineName, LocalComputer.OwnNames()));
}
