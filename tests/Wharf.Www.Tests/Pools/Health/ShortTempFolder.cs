namespace Wharf.Www.Tests.Pools.Health;

/// <summary>A folder under /tmp with a short name: a unix socket's path must fit in 108 bytes.</summary>
internal sealed class ShortTempFolder : IDisposable
{
    public ShortTempFolder()
    {
        Path = System.IO.Path.Combine("/tmp", "wpw-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string this[string name] => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
