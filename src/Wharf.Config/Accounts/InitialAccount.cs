using System.Text;
using Wharf.Config.Store;

namespace Wharf.Config.Accounts;

/// <summary>
/// The first administrator, <c>admin</c>, made by the first `wharf serve` before any service runs
/// (as the default configuration is): its random password goes to a file only the account
/// running `wharf serve` can read (0600; root under systemd), never to stdout, stderr or the
/// journal. The admin service never writes that file, so it gains nothing it did not have.
/// </summary>
public static class InitialAccount
{
    public const string Name = "admin";
    private const uint OwnerReadOnly = 0b110_000_000;

    /// <summary>The password file's path when the account was made now; null when accounts already exist.</summary>
    public static string? CreateIfMissing(DataRoot root, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(time);
        var files = new AdminStateFiles(root);
        if (files.Accounts.Exists) return null;

        var password = PasswordHash.RandomSecret(18);
        var path = root.InitialPasswordFile;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // A file left by an earlier root is replaced, not rewritten in place: its owner and mode must be ours.
        File.Delete(path);
        var fd = StoreNative.Open(path, StoreNative.O_WRONLY | StoreNative.O_CREAT | StoreNative.O_EXCL, OwnerReadOnly, "to write the initial administrator's password");
        try
        {
            StoreNative.WriteAll(fd, Encoding.UTF8.GetBytes(password + "\n"), path);
            StoreNative.Fsync(fd, path);
        }
        finally
        {
            StoreNative.Close(fd);
        }

        var now = time.GetUtcNow();
        // The password file first: an account whose password no one can read would lock the administrator out.
        files.Accounts.Update(current => current.Accounts.Count > 0
            ? ((AccountsDocument?)null, false)
            : (new AccountsDocument([new AdminAccount(Name, AdminRole.Admin, PasswordHash.Hash(password), now, now)]), true));
        return path;
    }
}
