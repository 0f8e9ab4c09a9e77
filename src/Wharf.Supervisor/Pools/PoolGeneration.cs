using System.Security.Cryptography;
using System.Text;
using Wharf.Config;
using Wharf.Config.Model;

namespace Wharf.Supervisor.Pools;

/// <summary>
/// A pool's configuration as a short hash of its canonical JSON: records holding lists do not
/// compare by value, and the hash is also what a worker's record keeps, so that a /reboot across
/// a change still recycles the adopted workers.
/// </summary>
internal static class PoolGeneration
{
    public static string Of(AppPoolConfig pool)
    {
        var json = ConfigWriter.Serialize(new WharfConfig { ApplicationPools = [pool] });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..16];
    }
}
