using Wharf.Config;
using Wharf.Config.Model;

namespace Wharf.Www.Tls;

/// <summary>
/// The files one https binding names, resolved against the data root. Bindings that name the
/// same files share one loaded certificate (and one reload from disk).
/// </summary>
internal sealed record CertificateFiles(string Certificate, string? Key, string? Password)
{
    public static CertificateFiles Of(BindingConfig binding, DataRoot root) => new(
        root.Resolve(binding.CertificateFile ?? ""),
        binding.KeyFile is { } key ? root.Resolve(key) : null,
        binding.PasswordFile is { } password ? root.Resolve(password) : null);

    /// <summary>What the files look like on disk now; a different stamp means "load again".</summary>
    public FileStamp Stamp() => new(FileState.Of(Certificate), FileState.Of(Key), FileState.Of(Password));
}

/// <summary>
/// Modification time and size of a file, as one stat(2) sees it (following symbolic links, so a
/// certbot-style "live" link moved to a new target counts as a change). A replacement keeping
/// both the old time to the 100 ns tick and the old size is not seen; renewed certificates never do.
/// </summary>
internal readonly record struct FileState(bool Exists, long WriteTicks, long Length)
{
    public static FileState Of(string? path)
    {
        if (path is null) return default;
        try
        {
            var info = new FileInfo(path);
            return info.Exists ? new FileState(true, info.LastWriteTimeUtc.Ticks, info.Length) : default;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return default;
        }
    }
}

internal readonly record struct FileStamp(FileState Certificate, FileState Key, FileState Password);
