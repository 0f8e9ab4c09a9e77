using System.Text;
using System.Text.Json;
using Wharf.Config.Json;
using Wharf.Config.Model;

namespace Wharf.Config;

/// <summary>The canonical, indented JSON of a configuration, and durable writes of it.</summary>
public static class ConfigWriter
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Every field written (defaults included), two-space indents, "\n" line ends, a final newline.</summary>
    public static string Serialize(WharfConfig config) =>
        JsonSerializer.Serialize(config, ConfigJsonContext.Canonical.WharfConfig) + "\n";

    /// <summary>Write to a temporary file, flush, rename over <paramref name="path"/>, flush the folder.</summary>
    /// <remarks>
    /// A reader sees the old file or the new one, never a mix, and after a crash the disk holds
    /// one of them whole. An existing file's permissions carry over to its replacement.
    /// Throws <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> when the disk refuses.
    /// </remarks>
    public static void WriteDurably(string path, string contents) => Write(path, contents, replace: true);

    /// <summary>As <see cref="WriteDurably"/>, but false (and nothing written) when the file already exists.</summary>
    internal static bool TryCreateDurably(string path, string contents) => Write(path, contents, replace: false);

    private static long s_writes;

    private static bool Write(string path, string contents, bool replace)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        // Unique per write, not only per process: two threads of one process (a reset and an
        // apply both adopting a version) must not share, and pull away, each other's temporary file.
        var temp = $"{full}.tmp-{Environment.ProcessId}-{Interlocked.Increment(ref s_writes)}";
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(Utf8NoBom.GetBytes(contents));
                stream.Flush(flushToDisk: true);
            }
            if (replace)
            {
                if (File.Exists(full)) File.SetUnixFileMode(temp, File.GetUnixFileMode(full));
                File.Move(temp, full, overwrite: true);
            }
            else
            {
                // Without overwrite the move links the new name and fails if it exists, so two
                // processes creating the same default configuration cannot replace each other's.
                try
                {
                    File.Move(temp, full, overwrite: false);
                }
                catch (IOException) when (File.Exists(full))
                {
                    return false;
                }
            }
            // The rename lives in the folder's own blocks; until they are flushed a crash can undo it.
            Native.FsyncDirectory(folder);
            return true;
        }
        finally
        {
            TryDelete(temp);
        }
    }

    private static void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary file is harmless and the original error matters more.
        }
    }
}
