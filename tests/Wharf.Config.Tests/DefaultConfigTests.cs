using System.Net;
using Wharf.Config.Model;

namespace Wharf.Config.Tests;

public sealed class DefaultConfigTests
{
    [Fact]
    public void Validates_clean()
    {
        Assert.Empty(ConfigValidator.Validate(DefaultConfig.Create()));
    }

    [Fact]
    public void Binds_loopback_only_on_unprivileged_ports()
    {
        var bindings = DefaultConfig.Create().Sites.SelectMany(s => s.Bindings).ToList();

        Assert.NotEmpty(bindings);
        Assert.All(bindings, b => Assert.True(IPAddress.TryParse(b.Address, out var ip) && IPAddress.IsLoopback(ip), $"{b.Address} is not loopback"));
        Assert.All(bindings, b => Assert.InRange(b.Port, 1024, 65535));
    }

    [Fact]
    public void Is_the_Default_Web_Site_in_the_DefaultAppPool_on_wwwroot()
    {
        var config = DefaultConfig.Create();

        var site = Assert.Single(config.Sites);
        Assert.Equal((1L, "Default Web Site", "wwwroot", "DefaultAppPool"), (site.Id, site.Name, site.PhysicalPath, site.ApplicationPool));
        Assert.Equal("DefaultAppPool", Assert.Single(config.ApplicationPools).Name);
        Assert.Equal((1L, 10), (config.Version, config.MaxHistoryFiles));
        Assert.True(config.Services[ServiceNames.Www].Enabled);
        Assert.Equal("wharf.schema.json", config.Schema);
    }
}
