using System.Globalization;
using System.Text.Json.Nodes;
using Wharf.Config.Json;

namespace Wharf.Config.Store;

/// <summary>
/// Paths into the configuration as the admin API and CLI take them: a JSON Pointer
/// (<c>/sites/0/name</c>, RFC 6901) or the same with dots, where an array element may be named
/// by its <c>name</c> (<c>sites.Default Web Site.physicalPath</c>). A final <c>-</c> on an array
/// appends. <c>""</c> and <c>/</c> are the whole document.
/// </summary>
/// <remarks>
/// Names are looked up in the document they are resolved against, so a change function must
/// resolve inside the commit (against the document read under the lock), never beforehand.
/// <see cref="Get"/>, <see cref="Set"/> and <see cref="Remove"/> take either form and resolve it.
/// </remarks>
public static class ConfigPath
{
    public const string Append = "-";

    public static ConfigPathResult Resolve(JsonNode? document, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var found = Locate(document, path);
        return found.Error is null ? ConfigPathResult.Found(found.Pointer) : ConfigPathResult.Failed(found.Problem, found.Error);
    }

    /// <summary>The value at <paramref name="path"/> (null for a JSON null); throws <see cref="ConfigPathException"/> when there is none.</summary>
    public static JsonNode? Get(JsonNode? document, string path)
    {
        var found = LocateOrThrow(document, path);
        return found.Container switch
        {
            null => document,
            JsonObject o when o.TryGetPropertyValue(found.Name!, out var value) => value,
            JsonObject => throw Missing(found),
            JsonArray when found.Index < 0 => throw new ConfigPathException(ConfigPathProblem.Malformed,
                $"'-' in '{path}' names the place after the last element of {Describe(found.ContainerPointer)}, where there is no value yet"),
            JsonArray a => a[found.Index],
            _ => throw Missing(found),
        };
    }

    public static bool TryGet(JsonNode? document, string path, out JsonNode? value)
    {
        try
        {
            value = Get(document, path);
            return true;
        }
        catch (ConfigPathException)
        {
            value = null;
            return false;
        }
    }

    /// <summary>
    /// Replaces the value at <paramref name="path"/>, adds it as a property, or appends it (a final
    /// <c>-</c>); the parent must exist. Returns the document, which is <paramref name="value"/>
    /// itself when the path is the whole document.
    /// </summary>
    public static JsonNode? Set(JsonNode? document, string path, JsonNode? value)
    {
        var found = LocateOrThrow(document, path);
        // A node belongs to one parent; taking it from another document would throw mid-change.
        if (value?.Parent is not null) value = value.DeepClone();
        switch (found.Container)
        {
            case null:
                return value;
            case JsonObject o:
                o[found.Name!] = value;
                break;
            case JsonArray a when found.Index < 0:
                a.Add(value);
                break;
            case JsonArray a:
                a[found.Index] = value;
                break;
        }
        return document;
    }

    /// <summary>Removes the value at <paramref name="path"/> and returns it; throws <see cref="ConfigPathException"/> when there is none.</summary>
    public static JsonNode? Remove(JsonNode? document, string path)
    {
        var found = LocateOrThrow(document, path);
        switch (found.Container)
        {
            case null:
                throw new ConfigPathException(ConfigPathProblem.Malformed,
                    "the whole configuration cannot be removed; replace it instead");
            case JsonObject o:
                if (!o.TryGetPropertyValue(found.Name!, out var property)) throw Missing(found);
                o.Remove(found.Name!);
                return property;
            case JsonArray when found.Index < 0:
                throw new ConfigPathException(ConfigPathProblem.Malformed,
                    $"'-' in '{path}' names the place after the last element of {Describe(found.ContainerPointer)}; there is nothing there to remove");
            default:
                var array = (JsonArray)found.Container;
                var element = array[found.Index];
                array.RemoveAt(found.Index);
                return element;
        }
    }

    private static Location LocateOrThrow(JsonNode? document, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var found = Locate(document, path);
        return found.Error is null ? found : throw new ConfigPathException(found.Problem, found.Error);
    }

    private static ConfigPathException Missing(Location found) =>
        new(ConfigPathProblem.NotFound, $"{Describe(found.ContainerPointer)} has no '{found.Name}'");

    private static Location Locate(JsonNode? document, string path)
    {
        if (path.Length == 0 || path == "/") return new Location(JsonPointer.Root, null, null, 0);

        var dotted = path[0] != '/';
        var tokens = dotted ? path.Split('.') : path[1..].Split('/');
        JsonNode? node = document;
        var pointer = JsonPointer.Root;
        for (var i = 0; i < tokens.Length; i++)
        {
            var last = i == tokens.Length - 1;
            string token;
            if (dotted)
            {
                token = tokens[i];
                if (token.Length == 0)
                    return Location.Failed(ConfigPathProblem.Malformed, $"the path '{path}' has an empty segment (two dots together, or a dot at an end)");
            }
            else if (!JsonPointer.TryUnescape(tokens[i], out token))
            {
                return Location.Failed(ConfigPathProblem.Malformed,
                    $"the segment '{tokens[i]}' of '{path}' has a '~' that is not '~0' (for '~') or '~1' (for '/')");
            }

            switch (node)
            {
                case JsonObject o:
                    if (last) return new Location(JsonPointer.Append(pointer, token), o, token, 0) { ContainerPointer = pointer };
                    if (!o.TryGetPropertyValue(token, out node))
                        return Location.Failed(ConfigPathProblem.NotFound, $"{Describe(pointer)} has no '{token}'");
                    pointer = JsonPointer.Append(pointer, token);
                    break;

                case JsonArray a:
                    if (token == Append)
                    {
                        if (!last)
                            return Location.Failed(ConfigPathProblem.Malformed,
                                $"'-' names the place after the last element of {Describe(pointer)}, so it can only end a path; '{path}' goes on past it");
                        return new Location(pointer + "/-", a, null, -1) { ContainerPointer = pointer };
                    }
                    var index = FindElement(a, token, dotted, pointer, out var failure);
                    if (failure is not null) return failure;
                    if (last) return new Location(JsonPointer.Append(pointer, index), a, null, index) { ContainerPointer = pointer };
                    node = a[index];
                    pointer = JsonPointer.Append(pointer, index);
                    break;

                default:
                    return Location.Failed(ConfigPathProblem.NotFound,
                        $"{Describe(pointer)} is {Kind(node)}, so it has no '{token}'");
            }
        }
        throw new InvalidOperationException("unreachable: the last segment returns");
    }

    private static int FindElement(JsonArray array, string token, bool dotted, string pointer, out Location? failure)
    {
        failure = null;
        if (IsIndex(token, out var index))
        {
            if (index < array.Count) return index;
            failure = Location.Failed(ConfigPathProblem.NotFound,
                $"{Describe(pointer)} has {Elements(array.Count)}, so there is no element {token} (a final '-' appends)");
            return -1;
        }
        if (!dotted)
        {
            failure = Location.Failed(ConfigPathProblem.Malformed,
                $"'{token}' is not an index into the array {Describe(pointer)}: a JSON Pointer names an element by its number (name it by 'name' in the dotted form)");
            return -1;
        }

        var match = -1;
        var matches = 0;
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonObject element
                && element.TryGetPropertyValue("name", out var name)
                && name is JsonValue value
                && value.TryGetValue<string>(out var text)
                && string.Equals(text, token, StringComparison.OrdinalIgnoreCase))
            {
                match = i;
                matches++;
            }
        }
        if (matches == 1) return match;
        failure = matches == 0
            ? Location.Failed(ConfigPathProblem.NotFound, $"no element of {Describe(pointer)} is named '{token}'")
            : Location.Failed(ConfigPathProblem.Ambiguous,
                $"{matches} elements of {Describe(pointer)} are named '{token}'; name the one you mean by its number");
        return -1;
    }

    /// <summary>RFC 6901 section 4: an array index is "0" or digits without a leading zero.</summary>
    private static bool IsIndex(string token, out int index)
    {
        index = -1;
        if (token.Length == 0 || (token.Length > 1 && token[0] == '0')) return false;
        foreach (var c in token)
        {
            if (!char.IsAsciiDigit(c)) return false;
        }
        // Too large for an int cannot be an element anyway; treat it as one past every array's end.
        if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out index)) index = int.MaxValue;
        return true;
    }

    internal static string Describe(string pointer) => pointer.Length == 0 ? "the configuration" : pointer;

    private static string Elements(int count) => count == 1 ? "1 element" : $"{count} elements";

    private static string Kind(JsonNode? node) => node switch
    {
        null => "null",
        JsonValue v => v.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.String => "a string",
            System.Text.Json.JsonValueKind.Number => "a number",
            System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => "a boolean",
            _ => "a value",
        },
        _ => "a value",
    };

    /// <summary>Where a path ends: the container of its last segment (null for the whole document) and the key in it.</summary>
    private sealed record Location(string Pointer, JsonNode? Container, string? Name, int Index)
    {
        public string ContainerPointer { get; init; } = JsonPointer.Root;

        public ConfigPathProblem Problem { get; private init; }

        public string? Error { get; private init; }

        public static Location Failed(ConfigPathProblem problem, string error) =>
            new(JsonPointer.Root, null, null, 0) { Problem = problem, Error = error };
    }
}
