using System.Text.Json.Nodes;
using Wharf.Config.Model;

namespace Wharf.Config.Store;

/// <summary>
/// One valid version of the configuration: the text as the file holds it, the same as a document
/// (the caller's own copy, parsed afresh for each read) and as the typed model.
/// </summary>
public sealed record StoreSnapshot(long Version, string Text, JsonNode Document, WharfConfig Config);
