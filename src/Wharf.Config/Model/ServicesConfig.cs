using System.Collections;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using Wharf.Config.Json;

namespace Wharf.Config.Model;

/// <summary>
/// <c>services</c>: each service's settings by its canonical name, an immutable map over
/// <see cref="ServiceNames.All"/>. A name the file leaves out has its defaults; a name this build
/// does not know is refused when decoding, and cannot be set here either.
/// </summary>
/// <remarks>
/// Keyed by name rather than a property per service, so shared code (the supervisor, the
/// validator, the schema) never names a service. Set entries with an initializer,
/// <c>new ServicesConfig { [ServiceNames.Www] = ... }</c>, or <see cref="With"/>.
/// </remarks>
[JsonConverter(typeof(ServicesConfigConverter))]
public sealed class ServicesConfig : IReadOnlyDictionary<string, ServiceConfig>, IEquatable<ServicesConfig>
{
    private static readonly ServiceConfig Defaults = new();

    private readonly ImmutableDictionary<string, ServiceConfig> _set;

    public ServicesConfig()
        : this(ImmutableDictionary.Create<string, ServiceConfig>(StringComparer.Ordinal))
    {
    }

    /// <summary>This service's entry alone; every other one as if left out (its defaults), for a service's own view.</summary>
    public ServicesConfig Only(string name) =>
        Get(name) is { } config ? new ServicesConfig().With(name, config) : new ServicesConfig();

    private ServicesConfig(ImmutableDictionary<string, ServiceConfig> set) => _set = set;

    /// <summary>Throws <see cref="KeyNotFoundException"/> for a name not in <see cref="ServiceNames.All"/>.</summary>
    public ServiceConfig this[string name]
    {
        get => Get(name) ?? throw new KeyNotFoundException(UnknownName(name));
        init => _set = _set.SetItem(Known(name), value ?? throw new ArgumentNullException(nameof(value)));
    }

    public ServicesConfig With(string name, ServiceConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new(_set.SetItem(Known(name), config));
    }

    /// <summary>Every known service with its settings, in <see cref="ServiceNames.All"/>'s order.</summary>
    public IEnumerable<(string Name, ServiceConfig Config)> All() => ServiceNames.All.Select(name => (name, Get(name)!));

    /// <summary>The service's settings (its defaults when the file has none), or null for a name this build does not know.</summary>
    public ServiceConfig? Get(string name) =>
        _set.TryGetValue(name, out var config) ? config : ServiceNames.IsKnown(name) ? Defaults : null;

    public IEnumerable<string> Keys => ServiceNames.All;

    public IEnumerable<ServiceConfig> Values => All().Select(s => s.Config);

    public int Count => ServiceNames.All.Count;

    public bool ContainsKey(string key) => ServiceNames.IsKnown(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out ServiceConfig value) => (value = Get(key)) is not null;

    public IEnumerator<KeyValuePair<string, ServiceConfig>> GetEnumerator() =>
        All().Select(s => KeyValuePair.Create(s.Name, s.Config)).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    // By content, as the records around it: a service left out equals one written with its defaults.
    public bool Equals(ServicesConfig? other) =>
        other is not null && ServiceNames.All.All(name => Equals(Get(name), other.Get(name)));

    public override bool Equals(object? obj) => Equals(obj as ServicesConfig);

    public override int GetHashCode() => All().Aggregate(0, (hash, s) => HashCode.Combine(hash, s.Config));

    public static bool operator ==(ServicesConfig? left, ServicesConfig? right) => Equals(left, right);

    public static bool operator !=(ServicesConfig? left, ServicesConfig? right) => !Equals(left, right);

    internal static string UnknownName(string name) =>
        $"unknown service \"{name}\" (known services: {string.Join(", ", ServiceNames.All)})";

    private static string Known(string name) =>
        ServiceNames.IsKnown(name) ? name : throw new ArgumentException(UnknownName(name), nameof(name));
}
