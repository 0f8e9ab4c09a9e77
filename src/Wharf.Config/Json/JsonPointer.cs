using System.Globalization;
using System.Text;

namespace Wharf.Config.Json;

/// <summary>JSON Pointers (RFC 6901), the path form every <see cref="ConfigError"/> uses.</summary>
internal static class JsonPointer
{
    public const string Root = "";

    /// <summary>RFC 6901 section 3: '~' is written "~0" and '/' is written "~1" inside a name.</summary>
    public static string Append(string pointer, string name) =>
        pointer + "/" + name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    public static string Escape(string name) =>
        name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>
    /// RFC 6901 section 4: "~1" becomes '/' before "~0" becomes '~', so "~01" reads as "~1".
    /// False for a '~' followed by anything but '0' or '1', which the grammar forbids.
    /// </summary>
    public static bool TryUnescape(string token, out string name)
    {
        name = token;
        for (var i = token.IndexOf('~'); i >= 0; i = token.IndexOf('~', i + 1))
        {
            if (i + 1 >= token.Length || token[i + 1] is not ('0' or '1')) return false;
        }
        name = token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
        return true;
    }

    public static string Append(string pointer, int index) =>
        pointer + "/" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// System.Text.Json reports where it failed as a JSONPath: <c>$.sites[0].bindings[0].port</c>,
    /// with <c>['odd.name']</c> for names it cannot write after a dot. Unparseable input yields the
    /// pointer as far as it could be read, never an exception: this runs while reporting an error.
    /// </summary>
    public static string FromJsonPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path[0] != '$') return Root;
        var pointer = new StringBuilder();
        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                if (end < 0) end = path.Length;
                pointer.Append(Append("", path[(i + 1)..end]));
                i = end;
            }
            else if (path[i] == '[' && i + 1 < path.Length && path[i + 1] == '\'')
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                if (end < 0) break;
                pointer.Append(Append("", path[(i + 2)..end]));
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i + 1);
                if (end < 0 || !int.TryParse(path.AsSpan(i + 1, end - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                    break;
                pointer.Append(Append("", index));
                i = end + 1;
            }
            else
            {
                break;
            }
        }
        return pointer.ToString();
    }
}
