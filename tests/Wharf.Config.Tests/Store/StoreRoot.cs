using System.Text.Json.Nodes;
using Wharf.Config.Store;

namespace Wharf.Config.Tests.Store;

/// <summary>A data root under /tmp holding a small, sparse wharf.json, and the store over it.</summary>
internal sealed class StoreRoot : IDisposable
{
    /// <summary>Sparse on purpose: a commit must not fill in what the user left out.</summary>
    public const string Sample = """
        {
          "$schema": "wharf.schema.json",
          "version": 1,
          "sites": [
            { "id": 1, "name": "Default Web Site", "physicalPath": "wwwroot", "bindings": [{ "port": 8080 }] },
            { "id": 2, "name": "Intranet", "physicalPath": "intranet", "bindings": [{ "port": 8081 }] }
          ],
          "applicationPools": [{ "name": "DefaultAppPool" }]
        }

        """;

    public static readonly Actor Alice = new("alice", 1000, 4242);
    public static readonly Actor Bob = new("bob", 1001, 5151);

    private readonly TempFolder _folder = new();

    public StoreRoot(string? config = Sample)
    {
        Root = new DataRoot(_folder.Path);
        Directory.CreateDirectory(Root.ConfigFolder);
        if (config is not null) File.WriteAllText(Root.ConfigFile, config);
        Store = new ConfigStore(Root, Clock);
    }

    public DataRoot Root { get; }

    public FixedClock Clock { get; } = new(DateTimeOffset.Parse("2026-11-30T02:31:07.512Z", System.Globalization.CultureInfo.InvariantCulture));

    public ConfigStore Store { get; }

    public string ConfigText => File.ReadAllText(Root.ConfigFile);

    public string AuditPath => Path.Combine(Root.LogsFolder, "audit.log");

    public string[] AuditLines => File.Exists(AuditPath) ? File.ReadAllLines(AuditPath) : [];

    public long[] HistoryVersions => [.. Store.History().Select(h => h.Version)];

    /// <summary>Everything under config/ and logs/, byte for byte, to prove nothing was written.</summary>
    public IReadOnlyDictionary<string, string> Files()
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var folder in new[] { Root.ConfigFolder, Root.LogsFolder })
        {
            if (!Directory.Exists(folder)) continue;
            foreach (var file in Directory.GetFiles(folder, "*", SearchOption.AllDirectories))
            {
                if (Path.GetFileName(file) == ".lock") continue;
                files[Path.GetRelativePath(Root.Path, file)] = File.ReadAllText(file);
            }
        }
        return files;
    }

    public CommitResult Set(string path, JsonNode? value, long? ifMatch = null, ConfigStore? store = null) =>
        (store ?? Store).Commit(doc => ConfigPath.Set(doc, path, value), ifMatch, Alice, AuditEntry.Set, $"PUT /api/config?path={path}");

    public static T Is<T>(CommitResult result) where T : CommitResult =>
        result as T ?? throw new Xunit.Sdk.XunitException($"expected {typeof(T).Name}, got {result}");

    public void Dispose() => _folder.Dispose();
}

/// <summary>A clock that says what the test sets.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
