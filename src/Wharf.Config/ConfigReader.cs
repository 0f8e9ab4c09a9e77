using Wharf.Config.Model;

namespace Wharf.Config;

/// <summary>Reads <c>wharf.json</c> strictly (unknown fields are errors, with their path) and validates it.</summary>
public static class ConfigReader
{
    public static ConfigLoadResult Load(string path) => throw new NotImplementedException();

    public static ConfigLoadResult Parse(string json) => throw new NotImplementedException();
}
