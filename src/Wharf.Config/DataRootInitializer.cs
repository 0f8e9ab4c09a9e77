namespace Wharf.Config;

/// <summary>Creates the data root's folders and, with no configuration yet, the default one and a welcome page.</summary>
public static class DataRootInitializer
{
    /// <summary>True when it wrote a new default configuration.</summary>
    public static bool EnsureLayout(DataRoot root) => throw new NotImplementedException();
}
