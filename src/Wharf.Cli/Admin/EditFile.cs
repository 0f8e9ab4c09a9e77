using System.Globalization;

namespace Wharf.Cli.Admin;

/// <summary>
/// The temporary copy `wharf config edit` hands to the editor: readable by its owner only (the
/// configuration may name paths and accounts), named for the version it was read at, and kept
/// whenever the edit is not committed so no work is lost.
/// </summary>
internal static class EditFile
{
    /// <summary>Writes the text to a new file under <paramref name="folder"/> ($TMPDIR, else /tmp).</summary>
    public static string Create(string folder, string text, long? version)
    {
        var name = string.Create(CultureInfo.InvariantCulture,
            $"wharf-config-{(version is { } v ? $"v{v}-" : "")}{Path.GetRandomFileName().Replace(".", "", StringComparison.Ordinal)}.json");
        var path = Path.Combine(folder, name);
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        using (var writer = new StreamWriter(path, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), options))
            writer.Write(text);
        return path;
    }

    public static void Delete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
