using System.Security.Cryptography;
using System.Text;

namespace Wharf.Supervisor.Pools.Launch;

/// <summary>
/// What a pool's name becomes on the machine: its account (<c>wharf-pool-SLUG</c>) and its
/// folders. A pool's name is the administrator's (spaces, capitals, any letter); a Linux user
/// name is not (useradd's NAME_REGEX: lowercase, digits, '-' and '_', at most 32 characters). When
/// the name had to change to fit, a short hash of the whole name keeps two pools apart that would
/// otherwise share an account ("Shop" and "shop", or two long names alike in their first letters).
/// </summary>
internal static class PoolNames
{
    public const string AccountPrefix = "wharf-pool-";
    public const int MaxUserName = 32;
    private const int HashLength = 8;

    /// <summary>The pool's own account when processModel.userName is not set.</summary>
    public static string Account(string pool) => AccountPrefix + Slug(pool);

    /// <summary>Lowercase letters, digits and '-': the name as is when it already is that and fits, else a shortened form and a hash.</summary>
    public static string Slug(string pool)
    {
        var room = MaxUserName - AccountPrefix.Length;
        var plain = Plain(pool);
        if (plain == pool && plain.Length <= room && plain.Length > 0) return plain;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(pool)))[..HashLength];
        var kept = plain[..Math.Min(plain.Length, room - HashLength - 1)].TrimEnd('-');
        return kept.Length == 0 ? hash : $"{kept}-{hash}";
    }

    /// <summary>A name safe as one folder name (logs/pools/NAME/): the pool's name when it is one, else its slug.</summary>
    public static string Folder(string pool) =>
        pool.Length is > 0 and <= 200 && pool is not ("." or "..") && !pool.StartsWith('.')
        && pool.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ' ')
            ? pool
            : Slug(pool);

    /// <summary>The number after '#' in a worker id ("Shop#12" is 12), for its file names.</summary>
    public static string WorkerFileName(string workerId)
    {
        var hash = workerId.LastIndexOf('#');
        var number = hash >= 0 ? workerId[(hash + 1)..] : workerId;
        return number.Length > 0 && number.All(char.IsAsciiDigit) ? "w" + number : "w" + Slug(workerId);
    }

    private static string Plain(string pool)
    {
        var text = new StringBuilder(pool.Length);
        foreach (var c in pool.ToLowerInvariant())
        {
            var kept = char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) ? c : '-';
            // Runs of anything else become one '-'.
            if (kept == '-' && (text.Length == 0 || text[^1] == '-')) continue;
            text.Append(kept);
        }
        return text.ToString().TrimEnd('-');
    }
}
