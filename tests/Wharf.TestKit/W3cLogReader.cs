namespace Wharf.TestKit;

/// <summary>One entry of a W3C extended log, read back by the #Fields that preceded it.</summary>
public sealed record W3cLogEntry(string File, IReadOnlyDictionary<string, string> Fields)
{
    public string this[string field] => Fields.TryGetValue(field, out var value) ? value : throw new KeyNotFoundException($"no field {field} in {File}: {string.Join(' ', Fields.Keys)}");
}

/// <summary>Reads a site's W3C logs (logs/W3SVC&lt;id&gt;/*.log) as IIS log tools do: directives, then entries parsed by the last #Fields.</summary>
public sealed class W3cLogReader
{
    private W3cLogReader(IReadOnlyList<string> files, IReadOnlyList<string> directives, IReadOnlyList<W3cLogEntry> entries, IReadOnlyList<string> malformed)
    {
        Files = files;
        Directives = directives;
        Entries = entries;
        Malformed = malformed;
    }

    public IReadOnlyList<string> Files { get; }

    /// <summary>Every '#' line, in order.</summary>
    public IReadOnlyList<string> Directives { get; }

    public IReadOnlyList<W3cLogEntry> Entries { get; }

    /// <summary>Lines that are neither directives nor have as many fields as their #Fields says.</summary>
    public IReadOnlyList<string> Malformed { get; }

    public static W3cLogReader ReadSite(string root, long siteId, string directory = "logs") =>
        Read(Path.Combine(Path.IsPathRooted(directory) ? directory : Path.Combine(root, directory), $"W3SVC{siteId}"));

    public static W3cLogReader Read(string folder)
    {
        var files = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.log").Order(StringComparer.Ordinal).ToArray() : [];
        var directives = new List<string>();
        var entries = new List<W3cLogEntry>();
        var malformed = new List<string>();
        foreach (var file in files)
        {
            string[]? fields = null;
            foreach (var line in File.ReadAllText(file).Split("\r\n"))
            {
                if (line.Length == 0) continue;
                if (line.StartsWith('#'))
                {
                    directives.Add(line);
                    if (line.StartsWith("#Fields: ", StringComparison.Ordinal)) fields = line["#Fields: ".Length..].Split(' ');
                    continue;
                }
                var values = line.Split(' ');
                if (fields is null || values.Length != fields.Length)
                {
                    malformed.Add(line);
                    continue;
                }
                entries.Add(new W3cLogEntry(Path.GetFileName(file), fields.Zip(values).ToDictionary(p => p.First, p => p.Second)));
            }
        }
        return new W3cLogReader(files, directives, entries, malformed);
    }

    public override string ToString() =>
        $"{Files.Count} file(s): {string.Join(", ", Files.Select(Path.GetFileName))}\n{string.Join("\n", Directives)}\n"
        + string.Join("\n", Entries.Take(20).Select(e => string.Join(' ', e.Fields.Values)))
        + (Malformed.Count > 0 ? "\nmalformed:\n" + string.Join("\n", Malformed.Take(10)) : "");
}
