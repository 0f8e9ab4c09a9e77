using System.Text.Json.Nodes;

namespace Wharf.Config.Store;

/// <summary>One difference between two configurations: <see cref="Path"/> is a JSON Pointer, <see cref="Op"/> add, remove or replace.</summary>
/// <remarks><see cref="Old"/> and <see cref="New"/> are copies, detached from the documents compared.</remarks>
public sealed record ConfigChange(string Path, string Op, JsonNode? Old, JsonNode? New)
{
    public const string Add = "add";
    public const string Remove = "remove";
    public const string Replace = "replace";
}
