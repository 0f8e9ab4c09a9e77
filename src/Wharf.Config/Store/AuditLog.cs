using System.Text.Json;

namespace Wharf.Config.Store;

/// <summary><c>logs/audit.log</c>: one JSON line per commit or backup operation, durable before the operation returns.</summary>
public sealed class AuditLog(string path, TimeProvider time)
{
    private const int ChunkSize = 64 * 1024;

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public AuditEntry Append(Actor actor, string action, long version, long? previousVersion, IReadOnlyList<string> changes, string? detail)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var entry = new AuditEntry(time.GetUtcNow(), actor.User, actor.Uid, actor.Pid, action, version, previousVersion, changes, detail);
        var json = JsonSerializer.SerializeToUtf8Bytes(entry, AuditJsonContext.Lines.AuditEntry);

        var folder = System.IO.Path.GetDirectoryName(Path)!;
        Directory.CreateDirectory(folder);
        var created = !File.Exists(Path);
        // A crash mid-write can leave a line without its end; starting on a fresh line keeps this one readable.
        var torn = !created && EndsWithoutNewline();
        var line = new byte[json.Length + (torn ? 2 : 1)];
        if (torn) line[0] = (byte)'\n';
        json.CopyTo(line.AsSpan(torn ? 1 : 0));
        line[^1] = (byte)'\n';

        // O_APPEND: every writer's line lands whole at the end, whoever else has the file open.
        var fd = StoreNative.Open(Path, StoreNative.O_WRONLY | StoreNative.O_APPEND | StoreNative.O_CREAT, 0b110_100_000, "to append to the audit log");
        try
        {
            StoreNative.WriteAll(fd, line, Path);
            StoreNative.Fsync(fd, Path);
        }
        finally
        {
            StoreNative.Close(fd);
        }
        if (created) Native.FsyncDirectory(folder);
        return entry;
    }

    /// <summary>The newest <paramref name="count"/> entries, oldest first; lines that are not audit entries are skipped.</summary>
    /// <remarks>Reads back from the end, so a long log costs no more than the lines asked for.</remarks>
    public IReadOnlyList<AuditEntry> ReadRecent(int count)
    {
        if (count <= 0) return [];
        byte[] tail;
        bool fromStart;
        try
        {
            using var file = File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            (tail, fromStart) = ReadTail(file, count);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return [];
        }

        ReadOnlyMemory<byte> rest = tail;
        if (!fromStart)
        {
            // The read began inside a line; the whole lines start after its end.
            var cut = rest.Span.IndexOf((byte)'\n');
            rest = cut < 0 ? ReadOnlyMemory<byte>.Empty : rest[(cut + 1)..];
        }
        var lines = new List<ReadOnlyMemory<byte>>();
        while (!rest.IsEmpty)
        {
            var end = rest.Span.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? ReadOnlyMemory<byte>.Empty : rest[(end + 1)..];
            if (!line.IsEmpty) lines.Add(line);
        }

        var entries = new List<AuditEntry>();
        foreach (var line in lines.Skip(Math.Max(0, lines.Count - count)))
        {
            try
            {
                if (JsonSerializer.Deserialize(line.Span, AuditJsonContext.Lines.AuditEntry) is { } entry) entries.Add(entry);
            }
            catch (JsonException)
            {
                // A torn line from a crash, or one someone wrote by hand: not an audit entry.
            }
        }
        return entries;
    }

    private static (byte[] Tail, bool FromStart) ReadTail(Microsoft.Win32.SafeHandles.SafeFileHandle file, int count)
    {
        var length = RandomAccess.GetLength(file);
        var chunks = new List<byte[]>();
        var position = length;
        var newlines = 0;
        // One newline more than lines wanted, so the first whole line is known to start after it.
        while (position > 0 && newlines <= count)
        {
            var size = (int)Math.Min(ChunkSize, position);
            position -= size;
            var chunk = new byte[size];
            var read = 0;
            while (read < size)
            {
                var n = RandomAccess.Read(file, chunk.AsSpan(read), position + read);
                if (n == 0) break;
                read += n;
            }
            newlines += chunk.AsSpan(0, read).Count((byte)'\n');
            chunks.Insert(0, read == size ? chunk : chunk[..read]);
        }
        return ([.. chunks.SelectMany(c => c)], position == 0);
    }

    private bool EndsWithoutNewline()
    {
        try
        {
            using var file = File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var length = RandomAccess.GetLength(file);
            if (length == 0) return false;
            Span<byte> last = stackalloc byte[1];
            return RandomAccess.Read(file, last, length - 1) == 1 && last[0] != (byte)'\n';
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }
}
