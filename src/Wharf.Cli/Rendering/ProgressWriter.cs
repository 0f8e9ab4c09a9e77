using System.Globalization;
using Wharf.Hosting.Control;

namespace Wharf.Cli.Rendering;

/// <summary>
/// Shows the supervisor's progress replies on stderr as they arrive. On a terminal one line is
/// rewritten in place; otherwise (a log, a pipe) a line is written only when a service's message
/// changes or its deadline crosses a 5-second mark, so a long wait never floods a log.
/// </summary>
internal sealed class ProgressWriter(TextWriter error, bool isTerminal, int terminalWidth = 0)
{
    private const int SecondsPerMark = 5;

    private readonly Dictionary<string, (string Message, long Mark)> _printed = new(StringComparer.Ordinal);
    private bool _lineOpen;

    public static string Line(ControlReply progress)
    {
        var message = progress.Message is { Length: > 0 } m ? m
            : progress.Service is { } service ? $"{service}: waiting" : "waiting";
        return progress.SecondsLeft is { } left
            ? string.Create(CultureInfo.InvariantCulture, $"{message}: {Math.Max(0, Math.Ceiling(left))} s left")
            : message;
    }

    public void Write(ControlReply progress)
    {
        var line = Line(progress);
        if (isTerminal)
        {
            if (terminalWidth > 1 && line.Length >= terminalWidth) line = line[..(terminalWidth - 2)] + "…";
            error.Write($"\r{line}\u001b[K");
            error.Flush();
            _lineOpen = true;
            return;
        }

        var key = progress.Service ?? "";
        var message = progress.Message ?? "";
        var mark = progress.SecondsLeft is { } left ? (long)Math.Ceiling(Math.Max(0, left) / SecondsPerMark) : -1;
        if (_printed.TryGetValue(key, out var last) && last.Message == message && last.Mark == mark) return;
        _printed[key] = (message, mark);
        error.WriteLine(line);
    }

    /// <summary>Clears the rewritten line, so the final report starts on a clean line.</summary>
    public void Finish()
    {
        if (!_lineOpen) return;
        error.Write("\r\u001b[K");
        error.Flush();
        _lineOpen = false;
    }
}
