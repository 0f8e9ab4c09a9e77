using Wharf.Config.Model;

namespace Wharf.Config;

/// <summary>The canonical, indented JSON of a configuration, and durable writes of it.</summary>
public static class ConfigWriter
{
    public static string Serialize(WharfConfig config) => throw new NotImplementedException();

    /// <summary>Write to a temporary file, flush, rename over <paramref name="path"/>, flush the folder.</summary>
    public static void WriteDurably(string path, string contents) => throw new NotImplementedException();
}
