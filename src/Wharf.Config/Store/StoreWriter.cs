using System.Text;

namespace Wharf.Config.Store;

/// <summary>
/// The store's durable write of wharf.json and its history copies: a temporary file beside the
/// target, flushed, renamed over it, and the folder flushed.
/// </summary>
/// <remarks>
/// Unlike <see cref="ConfigWriter.WriteDurably"/>, the temporary file has one fixed name
/// (<c>wharf.json.tmp</c>), which is safe because only the holder of the store's lock writes
/// here. A commit cut short leaves at most that one file, which the next reconciliation knows by
/// name (<see cref="CommitRecovery"/>), and a test can stop the process at its write or rename.
/// </remarks>
internal static class StoreWriter
{
    public const string TempSuffix = ".tmp";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static string TempFor(string path) => path + TempSuffix;

    public static void WriteDurably(string path, string contents)
    {
        var full = Path.GetFullPath(path);
        var temp = TempFor(full);
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(Utf8NoBom.GetBytes(contents));
            stream.Flush(flushToDisk: true);
        }
        if (File.Exists(full)) File.SetUnixFileMode(temp, File.GetUnixFileMode(full));
        File.Move(temp, full, overwrite: true);
        // The rename lives in the folder's own blocks; until they are flushed a crash can undo it.
        Native.FsyncDirectory(Path.GetDirectoryName(full)!);
    }
}
