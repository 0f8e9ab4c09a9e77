using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Wharf.Config.Accounts;

/// <summary>
/// Slow, salted password hashes: PBKDF2-HMAC-SHA256 with 600,000 iterations (OWASP's figure for
/// it), a 16-byte random salt and a 32-byte result, written <c>pbkdf2-sha256$ITERATIONS$SALT$HASH</c>
/// (base64). Built into .NET, so nothing native joins the one AOT executable; Argon2id would need
/// libsodium (NSec, Geralt) or an untried managed port. The iteration count travels with the
/// hash, so a later, higher count still verifies old hashes.
/// </summary>
public static class PasswordHash
{
    public const int Iterations = 600_000;
    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public static string Hash(string password) => Hash(password, RandomNumberGenerator.GetBytes(SaltBytes), Iterations);

    internal static string Hash(string password, byte[] salt, int iterations)
    {
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>False for a wrong password and for a stored value that is not a hash this code writes.</summary>
    public static bool Verify(string password, string stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme) return false;
        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < 1) return false;
        byte[] salt, expected;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            expected = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>
    /// Spends the time a real check spends, for a user name that does not exist, so the answer's
    /// delay does not tell an attacker which names are accounts.
    /// </summary>
    public static void VerifyNothing(string password) => _ = Verify(password, Decoy.Value);

    private static readonly Lazy<string> Decoy = new(() => Hash("decoy", new byte[SaltBytes], Iterations));

    /// <summary>A random secret of <paramref name="bytes"/> bytes as URL-safe base64 (no padding): passwords, tokens, session ids.</summary>
    public static string RandomSecret(int bytes) =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>SHA-256 of a high-entropy secret (a token, a session id), lower-case hex: enough where the secret itself is 256 random bits.</summary>
    public static string Sha256(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
