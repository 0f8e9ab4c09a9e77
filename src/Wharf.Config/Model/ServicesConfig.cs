namespace Wharf.Config.Model;

/// <summary>
/// One entry per service, by its canonical name. ftp, smtp and nntp join here as they are built;
/// strict decoding refuses a name this build does not know.
/// </summary>
public sealed record ServicesConfig
{
    /// <summary>The configuration store and admin API (IIS Admin). Disabled, the store is still read at start; changes wait for it to run again.</summary>
    public ServiceConfig Admin { get; init; } = new();

    public ServiceConfig Www { get; init; } = new();

    public IEnumerable<(string Name, ServiceConfig Config)> All()
    {
        yield return (ServiceNames.Admin, Admin);
        yield return (ServiceNames.Www, Www);
    }

    /// <summary>This service's entry; every other one as if left out (defaults), for a service's own view.</summary>
    public ServicesConfig Only(string name) => name switch
    {
        ServiceNames.Admin => new() { Admin = Admin },
        ServiceNames.Www => new() { Www = Www },
        _ => new(),
    };

    public ServiceConfig? Get(string name) => name switch
    {
        ServiceNames.Admin => Admin,
        ServiceNames.Www => Www,
        _ => null,
    };
}
