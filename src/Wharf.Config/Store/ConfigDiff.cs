using System.Text.Json.Nodes;
using Wharf.Config.Json;

namespace Wharf.Config.Store;

/// <summary>What changed between two configuration documents, as the admin API and audit log list it.</summary>
public static class ConfigDiff
{
    private const string VersionProperty = "version";

    /// <summary>
    /// Objects are compared by property (their order in the file is not a change); arrays by index,
    /// so an appended element is one add. The top-level <c>version</c> is the store's, never a change.
    /// </summary>
    /// <remarks>
    /// The order is that of <paramref name="from"/>'s properties, then the properties only
    /// <paramref name="to"/> has. Elements past the end of the shorter array come as adds in
    /// ascending order or removes in descending order, so the list applies in sequence as an
    /// RFC 6902 patch. A missing document (C# null) compares as an empty object, so a first
    /// configuration lists one add per top-level property.
    /// </remarks>
    public static IReadOnlyList<ConfigChange> Between(JsonNode? from, JsonNode? to)
    {
        var changes = new List<ConfigChange>();
        Compare(from ?? new JsonObject(), to ?? new JsonObject(), JsonPointer.Root, changes);
        return changes;
    }

    private static void Compare(JsonNode? from, JsonNode? to, string path, List<ConfigChange> changes)
    {
        var top = path.Length == 0;
        switch (from, to)
        {
            case (JsonObject a, JsonObject b):
                foreach (var (name, old) in a)
                {
                    if (top && name == VersionProperty) continue;
                    var at = JsonPointer.Append(path, name);
                    if (b.TryGetPropertyValue(name, out var now)) Compare(old, now, at, changes);
                    else changes.Add(new ConfigChange(at, ConfigChange.Remove, old?.DeepClone(), null));
                }
                foreach (var (name, now) in b)
                {
                    if ((top && name == VersionProperty) || a.ContainsKey(name)) continue;
                    changes.Add(new ConfigChange(JsonPointer.Append(path, name), ConfigChange.Add, null, now?.DeepClone()));
                }
                break;

            case (JsonArray a, JsonArray b):
                var common = Math.Min(a.Count, b.Count);
                for (var i = 0; i < common; i++) Compare(a[i], b[i], JsonPointer.Append(path, i), changes);
                for (var i = common; i < b.Count; i++)
                    changes.Add(new ConfigChange(JsonPointer.Append(path, i), ConfigChange.Add, null, b[i]?.DeepClone()));
                for (var i = a.Count - 1; i >= common; i--)
                    changes.Add(new ConfigChange(JsonPointer.Append(path, i), ConfigChange.Remove, a[i]?.DeepClone(), null));
                break;

            default:
                if (!JsonNode.DeepEquals(from, to))
                    changes.Add(new ConfigChange(path, ConfigChange.Replace, from?.DeepClone(), to?.DeepClone()));
                break;
        }
    }
}
