using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Wharf.Hosting.Kestrel;

/// <summary>Kestrel as a Wharf service runs it: on the inherited listeners only, with the supervisor owning its lifetime.</summary>
public static class SupervisedWebHost
{
    /// <param name="configureListener">
    /// Each listener by its name (<see cref="ListenerSpec.Name"/>): connection middleware (www counts
    /// connections for its drain) and TLS (<see cref="TlsListenOptions.UseTls"/>).
    /// </param>
    public static WebApplicationBuilder CreateBuilder(ServiceContext context, InheritedListenerFactory listeners, Action<string, ListenOptions>? configureListener = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        // The empty builder is the slim builder without configuration sources (no appsettings
        // files, no ASPNETCORE_ variables) and without logging providers, which we would only
        // remove again: the configuration is Wharf's own, and logs go through ServiceHost.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ContentRootPath = context.Root.Path,
            EnvironmentName = Environments.Production,
        });
        builder.Services.AddSingleton(context.LoggerFactory);
        builder.Services.AddSingleton<IHostLifetime, SupervisedLifetime>();

        builder.WebHost.UseKestrelCore();
        // Our transport replaces the socket transport UseKestrelCore registered (see InheritedListener).
        builder.Services.RemoveAll<IConnectionListenerFactory>();
        builder.Services.AddSingleton<IConnectionListenerFactory>(listeners);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var (name, fd) in context.Listeners)
                kestrel.ListenHandle((ulong)fd, listen => configureListener?.Invoke(name, listen));
        });
        return builder;
    }
}
