using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Wharf.Config.Json;

/// <summary>
/// Checks a parsed document against the source-generated contract before it is deserialized.
/// System.Text.Json stops at the first problem and says "could not be converted to System.Int32";
/// an administrator wants every problem at once, each with its path, the value, and why.
/// The contract is the same metadata the deserializer uses, so the two cannot disagree.
/// </summary>
internal sealed class ShapeChecker
{
    private static readonly ConcurrentDictionary<Type, string[]> EnumNames = new();

    private readonly JsonSerializerContext _context;
    private readonly List<ConfigError> _errors = [];

    private ShapeChecker(JsonSerializerContext context) => _context = context;

    public static List<ConfigError> Check(JsonElement root, JsonTypeInfo contract)
    {
        var checker = new ShapeChecker(contract.OriginatingResolver as JsonSerializerContext ?? ConfigJsonContext.Default);
        checker.CheckValue(root, contract, JsonPointer.Root, nullable: false);
        return checker._errors;
    }

    private void CheckValue(JsonElement element, JsonTypeInfo contract, string pointer, bool nullable)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            if (!nullable) Add(pointer, $"null is not allowed here; expected {Expected(contract)}");
            return;
        }
        if (NamedMap.For(contract.Type) is { } map)
        {
            CheckNamedMap(element, map, pointer);
            return;
        }
        switch (contract.Kind)
        {
            case JsonTypeInfoKind.Object:
                CheckObject(element, contract, pointer);
                break;
            case JsonTypeInfoKind.Enumerable:
                CheckList(element, contract, pointer);
                break;
            default:
                CheckScalar(element, contract, pointer);
                break;
        }
    }

    private void CheckObject(JsonElement element, JsonTypeInfo contract, string pointer)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Add(pointer, $"{Show(element)} is not an object");
            return;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in element.EnumerateObject())
        {
            var at = JsonPointer.Append(pointer, member.Name);
            if (!seen.Add(member.Name))
            {
                Add(at, $"field \"{member.Name}\" appears more than once");
                continue;
            }
            var property = contract.Properties.FirstOrDefault(p => p.Name == member.Name);
            if (property is null)
            {
                Add(at, Unknown(contract, member.Name));
                continue;
            }
            CheckValue(member.Value, Contract(property.PropertyType), at, property.IsSetNullable);
        }
        foreach (var property in contract.Properties)
        {
            if (property.IsRequired && !seen.Contains(property.Name))
                Add(pointer, $"missing required field \"{property.Name}\"");
        }
    }

    private void CheckNamedMap(JsonElement element, NamedMap map, string pointer)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Add(pointer, $"{Show(element)} is not an object");
            return;
        }
        var value = Contract(map.ValueType);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in element.EnumerateObject())
        {
            var at = JsonPointer.Append(pointer, member.Name);
            if (!seen.Add(member.Name))
                Add(at, $"{map.What} \"{member.Name}\" appears more than once");
            else if (!map.Names.Contains(member.Name, StringComparer.Ordinal))
                Add(at, map.Unknown(member.Name));
            else
                CheckValue(member.Value, value, at, nullable: false);
        }
    }

    private void CheckList(JsonElement element, JsonTypeInfo contract, string pointer)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            Add(pointer, $"{Show(element)} is not a list");
            return;
        }
        // Nullable annotations on list items are invisible at run time; no item of the model may be null.
        var item = Contract(contract.ElementType!);
        var index = 0;
        foreach (var value in element.EnumerateArray())
            CheckValue(value, item, JsonPointer.Append(pointer, index++), nullable: false);
    }

    private void CheckScalar(JsonElement element, JsonTypeInfo contract, string pointer)
    {
        var type = contract.Type;
        if (type.IsEnum)
        {
            // The converter would also take "Http"; the schema lists "http", and the file should too.
            if (element.ValueKind != JsonValueKind.String || !Names(type).Contains(element.GetString()))
                Add(pointer, $"{Show(element)} is not {Expected(contract)}");
            return;
        }
        try
        {
            JsonSerializer.Deserialize(element, contract);
        }
        catch (JsonException e)
        {
            // The duration converter's own message already names the value and the accepted forms.
            Add(pointer, type == typeof(TimeSpan) ? e.Message : Mismatch(element, contract));
        }
    }

    private static string Mismatch(JsonElement element, JsonTypeInfo contract)
    {
        var type = Nullable.GetUnderlyingType(contract.Type) ?? contract.Type;
        var integer = type == typeof(int) || type == typeof(long);
        if (integer && element.ValueKind == JsonValueKind.Number)
        {
            var raw = element.GetRawText();
            return raw.AsSpan().IndexOfAny(".eE") >= 0
                ? $"{raw} is not a whole number"
                : $"{raw} is out of range (at most {(type == typeof(int) ? int.MaxValue : long.MaxValue)})";
        }
        return $"{Show(element)} is not {Expected(contract)}";
    }

    private static string Unknown(JsonTypeInfo contract, string name)
    {
        var known = contract.Properties.Select(p => p.Name).ToList();
        var other = known.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
        return other is not null
            ? $"unknown field \"{name}\" (did you mean \"{other}\"? field names are case-sensitive)"
            : $"unknown field \"{name}\" (known fields: {string.Join(", ", known)})";
    }

    private static string Expected(JsonTypeInfo contract)
    {
        // A long? (limits.maxBandwidth: null is unlimited) is described as its number, not as "Nullable`1".
        if (Nullable.GetUnderlyingType(contract.Type) is { } underlying)
            return underlying == typeof(int) || underlying == typeof(long) ? "a number or null" : underlying.Name + " or null";
        var type = contract.Type;
        if (contract.Kind == JsonTypeInfoKind.Object || NamedMap.For(type) is not null) return "an object";
        if (contract.Kind == JsonTypeInfoKind.Enumerable) return "a list";
        if (type == typeof(string)) return "a string";
        if (type == typeof(bool)) return "true or false";
        if (type == typeof(int) || type == typeof(long)) return "a number";
        if (type == typeof(TimeSpan)) return "a duration (\"00:00:05\", \"1.05:00:00\" or whole seconds)";
        if (type.IsEnum) return "one of: " + string.Join(", ", Names(type).Select(n => $"\"{n}\""));
        return type.Name;
    }

    private static string[] Names(Type enumType) =>
        EnumNames.GetOrAdd(enumType, t => Enum.GetNames(t).Select(JsonNamingPolicy.CamelCase.ConvertName).ToArray());

    /// <summary>The value as written, short enough for one line of an error message.</summary>
    internal static string Show(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object: return "an object";
            case JsonValueKind.Array: return "a list";
            default:
                var raw = element.GetRawText();
                return raw.Length <= 60 ? raw : raw[..57] + "...";
        }
    }

    private JsonTypeInfo Contract(Type type) => _context.GetTypeInfo(type)
        ?? throw new InvalidOperationException($"{_context.GetType().Name} has no contract for {type}");

    private void Add(string pointer, string message) => _errors.Add(new ConfigError(pointer, message));
}
