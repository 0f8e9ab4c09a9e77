using Wharf.Config.Model;

namespace Wharf.Config.Json;

/// <summary>
/// A JSON object whose field names come from a closed list and whose values share one record
/// type, such as <c>services</c>. Such a type has its own converter, so the source-generated
/// contract says nothing of its fields; the shape check, the defaults and the schema read them here.
/// </summary>
internal sealed record NamedMap(Type Type, string What, IReadOnlyList<string> Names, Type ValueType)
{
    public static readonly NamedMap Services = new(typeof(ServicesConfig), "service", ServiceNames.All, typeof(ServiceConfig));

    public static NamedMap? For(Type type) => type == Services.Type ? Services : null;

    public string Unknown(string name)
    {
        var other = Names.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        return other is not null
            ? $"unknown {What} \"{name}\" (did you mean \"{other}\"? {What} names are lower-case)"
            : $"unknown {What} \"{name}\" (known {What}s: {string.Join(", ", Names)})";
    }
}
