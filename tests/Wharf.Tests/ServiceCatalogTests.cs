using Wharf.Config;
using Wharf.Config.Model;
using Wharf.Hosting.Control;

namespace Wharf.Tests;

public sealed class ServiceCatalogTests
{
    private static readonly DataRoot Root = new("/var/lib/wharf");

    [Fact]
    public void Lists_every_service_the_configuration_knows_in_the_same_order()
    {
        Assert.Equal(ServiceNames.All, ServiceCatalog.For(Root).Select(d => d.Name));
    }

    [Fact]
    public void No_two_services_own_the_same_path_or_listen_on_the_same_name()
    {
        var definitions = ServiceCatalog.For(Root);
        var owned = definitions.SelectMany(d => d.OwnedPaths ?? []).ToArray();
        Assert.Equal(owned.Length, owned.Distinct(StringComparer.Ordinal).Count());
        var listeners = definitions.SelectMany(d => d.Listeners(DefaultConfig.Create()).Select(l => l.Name)).ToArray();
        Assert.Equal(listeners.Length, listeners.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Only_the_admin_service_may_ask_the_supervisor_for_resets_and_only_it_reports_the_configuration_s_health()
    {
        foreach (var definition in ServiceCatalog.For(Root))
        {
            var admin = definition.Name == ServiceNames.Admin;
            Assert.Equal(admin, definition.MayAskFor(ControlCommand.Restart));
            Assert.Equal(admin, definition.MayAskFor(ControlCommand.AppPoolRecycle));
            Assert.Equal(admin, definition.MayAskFor(ControlCommand.AppPoolStart) && definition.MayAskFor(ControlCommand.AppPoolStop));
            Assert.Equal(admin, definition.ReportsConfigurationHealth);
        }
    }

    [Fact]
    public void Www_reads_its_own_section_and_never_another_service_s()
    {
        var config = DefaultConfig.Create() with
        {
            Services = DefaultConfig.Create().Services.With(ServiceNames.Admin, new ServiceConfig { User = "wharf-admin-custom" }),
        };
        var www = ServiceCatalog.For(Root).Single(d => d.Name == ServiceNames.Www);

        var view = Assert.IsType<WharfConfig>(www.View?.Invoke(config));

        Assert.Equal(config.Sites, view.Sites);
        Assert.Equal(config.Services.Get(ServiceNames.Www), view.Services.Get(ServiceNames.Www));
        Assert.NotEqual("wharf-admin-custom", view.Services.Get(ServiceNames.Admin)?.User);
    }
}
