namespace Wharf.Config.Model;

/// <summary>
/// One entry per service, by its canonical name. ftp, smtp and nntp join here as they are built;
/// strict decoding refuses a name this build does not know.
/// </summary>
public sealed record ServicesConfig
{
    public ServiceConfig Www { get; init; } = new();

    public IEnumerable<(string Name, ServiceConfig Config)> All()
    {
        yield return (ServiceNames.Www, Www);
    }

    public ServiceConfig? Get(string name) => name switch
    {
        ServiceNames.Www => Www,
        _ => null,
    };
}
