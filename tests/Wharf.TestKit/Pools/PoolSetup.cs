using System.Text.Json.Nodes;

namespace Wharf.TestKit.Pools;

/// <summary>
/// A scratch host (<see cref="WharfHost.Prepare"/>) whose site runs in an application pool with a
/// program: the site's root application, or one application under it, in pool <see cref="Pool"/>.
/// The test shapes the pool's and the site's JSON before `wharf serve` starts.
/// </summary>
public static class PoolSetup
{
    public const string Pool = "App";

    /// <param name="application">A path such as "/app": that application is in the pool, and the site's root stays static (DefaultAppPool).</param>
    public static WharfHost Prepare(WorkerProgram program, Action<JsonObject>? pool = null, Action<JsonObject>? site = null, string? application = null)
    {
        var host = WharfHost.Prepare();
        var document = JsonNode.Parse(File.ReadAllText(host.ConfigFile))!.AsObject();
        var poolJson = new JsonObject { ["name"] = Pool, ["program"] = program.ToJson() };
        pool?.Invoke(poolJson);
        document["applicationPools"]!.AsArray().Add(poolJson);
        var siteJson = document["sites"]![0]!.AsObject();
        if (application is null)
        {
            siteJson["applicationPool"] = Pool;
        }
        else
        {
            var folder = Path.Combine(host.Root, application.Trim('/'));
            Directory.CreateDirectory(folder);
            siteJson["applications"] = new JsonArray(new JsonObject
            {
                ["path"] = application,
                ["physicalPath"] = folder,
                ["applicationPool"] = Pool,
            });
        }
        site?.Invoke(siteJson);
        File.WriteAllText(host.ConfigFile, document.ToJsonString());
        return host;
    }

    public static async Task<WharfHost> StartAsync(WorkerProgram program, Action<JsonObject>? pool = null, Action<JsonObject>? site = null,
        string? application = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var host = Prepare(program, pool, site, application);
        try
        {
            await host.StartAsync(environment);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
        return host;
    }

    /// <summary>Sets a property of the pool's JSON by a dotted path ("processModel.idleTimeout"), making the objects on the way.</summary>
    public static void Set(this JsonObject pool, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        var node = pool;
        foreach (var part in parts[..^1])
        {
            if (node[part] is not JsonObject child) node[part] = child = new JsonObject();
            node = child;
        }
        node[parts[^1]] = value;
    }
}
