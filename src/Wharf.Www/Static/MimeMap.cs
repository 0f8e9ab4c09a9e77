using Microsoft.AspNetCore.StaticFiles;
using Wharf.Config.Model;

namespace Wharf.Www.Static;

/// <summary>
/// A site's extension-to-type map: ASP.NET Core's built-in one (about 380 extensions, the same
/// family as IIS's) with the site's staticContent.mimeMap entries added or overriding.
/// </summary>
internal sealed class MimeMap
{
    public const string OctetStream = "application/octet-stream";

    private readonly IDictionary<string, string> _types;
    private readonly bool _allowUnknown;

    private MimeMap(IDictionary<string, string> types, bool allowUnknown)
    {
        _types = types;
        _allowUnknown = allowUnknown;
    }

    public static MimeMap Build(StaticContentConfig content, IDictionary<string, string> builtIn)
    {
        if (content.MimeMap.Count == 0) return new MimeMap(builtIn, content.AllowUnknownFileTypes);
        var types = new Dictionary<string, string>(builtIn, StringComparer.OrdinalIgnoreCase);
        foreach (var entry in content.MimeMap) types[entry.FileExtension] = entry.MimeType;
        return new MimeMap(types, content.AllowUnknownFileTypes);
    }

    public static IDictionary<string, string> BuiltIn(IContentTypeProvider? provider) =>
        (provider as FileExtensionContentTypeProvider ?? new FileExtensionContentTypeProvider()).Mappings;

    /// <summary>
    /// The type of a file by its last extension; null when the extension is not mapped and
    /// unknown types are not allowed (IIS's 404.3). A file without an extension is unknown.
    /// </summary>
    public string? TypeOf(string fileName)
    {
        var dot = fileName.LastIndexOf('.');
        var slash = fileName.LastIndexOf('/');
        if (dot > slash && dot < fileName.Length - 1 && _types.TryGetValue(fileName[dot..], out var type)) return type;
        return _allowUnknown ? OctetStream : null;
    }
}
