using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;

namespace Wharf.Admin.Console;

/// <summary>
/// The console's files, embedded in Wharf.Admin (Console/wwwroot, logical names <c>console/...</c>)
/// so `wharf` stays one file: read once with GetManifestResourceStream, which AOT keeps, into a
/// frozen table keyed by URL path. A request can only name an entry of the table, never a file.
/// </summary>
internal static class ConsoleAssets
{
    private const string Prefix = "console/";

    private static readonly FrozenDictionary<string, string> Types = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".json"] = "application/json; charset=utf-8",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly Lazy<FrozenDictionary<string, ConsoleAsset>> All = new(Load);

    /// <summary>The asset at a URL path (<c>/</c> is index.html); null when there is none.</summary>
    public static ConsoleAsset? Find(string urlPath) =>
        All.Value.GetValueOrDefault(urlPath == "/" ? "/index.html" : urlPath);

    public static IReadOnlyCollection<ConsoleAsset> Every => All.Value.Values;

    private static FrozenDictionary<string, ConsoleAsset> Load()
    {
        var assembly = typeof(ConsoleAssets).Assembly;
        var assets = new Dictionary<string, ConsoleAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(Prefix, StringComparison.Ordinal)) continue;
            var path = "/" + name[Prefix.Length..].Replace('\\', '/');
            var content = Read(assembly, name);
            var type = Types.GetValueOrDefault(System.IO.Path.GetExtension(path), "application/octet-stream");
            // A strong validator from the content: the same build answers the same tag, a new one another.
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 12)) + "\"";
            assets[path] = new ConsoleAsset(path, content, type, etag);
        }
        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"embedded resource {name} is missing");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
