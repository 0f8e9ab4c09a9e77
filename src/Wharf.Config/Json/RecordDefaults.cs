using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Wharf.Config.Model;

namespace Wharf.Config.Json;

/// <summary>
/// Puts each record's own defaults into the fields a file leaves out, before deserializing.
/// </summary>
/// <remarks>
/// Source-generated metadata builds a record with all its init-only properties in one object
/// initializer, so a field missing from the JSON gets default(T), not the record's initializer:
/// an omitted <c>maxHistoryFiles</c> would read as 0 and an omitted <c>services</c> as null
/// (dotnet/runtime#84484, open). Until that is fixed, read the model only through
/// <see cref="ConfigReader"/>. The same defaults feed the JSON Schema's "default" keywords.
/// </remarks>
internal static class RecordDefaults
{
    /// <summary>
    /// A new instance of every record in the model: the C# initializers run here. A test checks
    /// that every object in the contract is listed, so a new record cannot be forgotten.
    /// Required fields get placeholders; they are never used as defaults.
    /// </summary>
    private static readonly Dictionary<Type, Func<object>> Prototypes = new()
    {
        [typeof(WharfConfig)] = () => new WharfConfig(),
        [typeof(ServicesConfig)] = () => new ServicesConfig(),
        [typeof(ServiceConfig)] = () => new ServiceConfig(),
        [typeof(RecoveryConfig)] = () => new RecoveryConfig(),
        [typeof(RapidFailConfig)] = () => new RapidFailConfig(),
        [typeof(SiteConfig)] = () => new SiteConfig { Name = "", PhysicalPath = "" },
        [typeof(BindingConfig)] = () => new BindingConfig { Port = 0 },
        [typeof(ApplicationConfig)] = () => new ApplicationConfig { Path = "", PhysicalPath = "" },
        [typeof(VirtualDirectoryConfig)] = () => new VirtualDirectoryConfig { Path = "", PhysicalPath = "" },
        [typeof(AppPoolConfig)] = () => new AppPoolConfig { Name = "" },
        [typeof(WorkerProgramConfig)] = () => new WorkerProgramConfig { Command = "" },
        [typeof(EnvironmentVariableConfig)] = () => new EnvironmentVariableConfig { Name = "", Value = "" },
        [typeof(AppPoolProcessModelConfig)] = () => new AppPoolProcessModelConfig(),
        [typeof(AppPoolRecyclingConfig)] = () => new AppPoolRecyclingConfig(),
        [typeof(PeriodicRestartConfig)] = () => new PeriodicRestartConfig(),
        [typeof(AppPoolFailureConfig)] = () => new AppPoolFailureConfig(),
        [typeof(AppPoolCpuConfig)] = () => new AppPoolCpuConfig(),
        [typeof(AppPoolMemoryConfig)] = () => new AppPoolMemoryConfig(),
        [typeof(StaticContentConfig)] = () => new StaticContentConfig(),
        [typeof(MimeMapConfig)] = () => new MimeMapConfig { FileExtension = "", MimeType = "" },
        [typeof(CompressionConfig)] = () => new CompressionConfig(),
        [typeof(HttpErrorConfig)] = () => new HttpErrorConfig { StatusCode = 0, Path = "" },
        [typeof(HeaderConfig)] = () => new HeaderConfig { Name = "", Value = "" },
        [typeof(SiteLimitsConfig)] = () => new SiteLimitsConfig(),
        [typeof(LogFileConfig)] = () => new LogFileConfig(),
        [typeof(TlsConfig)] = () => new TlsConfig(),
        [typeof(AdminConfig)] = () => new AdminConfig(),
        [typeof(AdminHttpsConfig)] = () => new AdminHttpsConfig(),
        [typeof(AdminSessionsConfig)] = () => new AdminSessionsConfig(),
        [typeof(AdminLoginsConfig)] = () => new AdminLoginsConfig(),
    };

    private static readonly ConcurrentDictionary<Type, JsonObject?> Serialized = new();

    internal static bool Covers(Type type) => Prototypes.ContainsKey(type);

    /// <summary>The JSON of the default value of <paramref name="property"/>, or null when it has none worth stating.</summary>
    public static JsonNode? Of(JsonPropertyInfo property)
    {
        if (property.IsRequired) return null;
        var defaults = Serialized.GetOrAdd(property.DeclaringType, Serialize);
        return defaults is not null && defaults.TryGetPropertyValue(property.Name, out var value) ? value : null;
    }

    /// <summary>Adds every omitted, non-required field (at any depth) with its record's default.</summary>
    public static void Fill(JsonNode? node, JsonTypeInfo contract)
    {
        var context = ConfigJsonContext.Default;
        if (NamedMap.For(contract.Type) is { } map && node is JsonObject entries)
        {
            // A name left out is filled by the map itself (ServicesConfig.Get); the ones written need their own omitted fields.
            var value = context.GetTypeInfo(map.ValueType)!;
            foreach (var (_, entry) in entries) Fill(entry, value);
        }
        else if (contract.Kind == JsonTypeInfoKind.Object && node is JsonObject obj)
        {
            foreach (var property in contract.Properties)
            {
                if (obj.TryGetPropertyValue(property.Name, out var value))
                    Fill(value, context.GetTypeInfo(property.PropertyType)!);
                else if (Of(property) is { } missing)
                    obj[property.Name] = missing.DeepClone();
            }
        }
        else if (contract.Kind == JsonTypeInfoKind.Enumerable && node is JsonArray array)
        {
            var item = context.GetTypeInfo(contract.ElementType!)!;
            foreach (var element in array) Fill(element, item);
        }
    }

    private static JsonObject? Serialize(Type type) =>
        Prototypes.TryGetValue(type, out var create)
            ? JsonSerializer.SerializeToNode(create(), ConfigJsonContext.Default.GetTypeInfo(type)!) as JsonObject
            : null;
}
