using System.Text;

namespace Wharf.Cli.Rendering;

/// <summary>Columns padded to their widest cell, two spaces apart; the last column is not padded.</summary>
internal static class TextTable
{
    public static IReadOnlyList<string> Format(IReadOnlyList<string[]> rows)
    {
        if (rows.Count == 0) return [];
        var columns = rows.Max(r => r.Length);
        var widths = new int[columns];
        foreach (var row in rows)
            for (var c = 0; c < row.Length; c++)
                widths[c] = Math.Max(widths[c], row[c].Length);

        var lines = new List<string>(rows.Count);
        var line = new StringBuilder();
        foreach (var row in rows)
        {
            line.Clear();
            for (var c = 0; c < row.Length; c++)
            {
                if (c > 0) line.Append("  ");
                line.Append(c == row.Length - 1 ? row[c] : row[c].PadRight(widths[c]));
            }
            lines.Add(line.ToString().TrimEnd());
        }
        return lines;
    }
}
