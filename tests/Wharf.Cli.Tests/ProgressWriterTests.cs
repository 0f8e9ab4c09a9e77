using Wharf.Cli.Rendering;
using Wharf.Hosting.Control;

namespace Wharf.Cli.Tests;

public sealed class ProgressWriterTests
{
    private static ControlReply Progress(string? service, string? message, double? left) =>
        new() { Type = ControlReplyType.Progress, Service = service, Message = message, SecondsLeft = left };

    [Fact]
    public void Line_is_the_message_and_the_seconds_left()
    {
        Assert.Equal("Restarting www (pid 1234 → 1301), waiting for 1234 to finish: 17 s left",
            ProgressWriter.Line(Progress("www", "Restarting www (pid 1234 → 1301), waiting for 1234 to finish", 16.2)));
        Assert.Equal("another reset is in progress; waiting for it", ProgressWriter.Line(Progress(null, "another reset is in progress; waiting for it", null)));
        Assert.Equal("ftp: waiting: 3 s left", ProgressWriter.Line(Progress("ftp", null, 3)));
        Assert.Equal("x: 0 s left", ProgressWriter.Line(Progress("s", "x", -1)));
    }

    [Fact]
    public void Off_a_terminal_one_line_per_message_and_per_five_seconds_never_a_flood()
    {
        var error = new StringWriter();
        var writer = new ProgressWriter(error, isTerminal: false);
        for (var left = 20.0; left > 0; left -= 0.25) writer.Write(Progress("www", "stopping www", left));
        writer.Write(Progress("www", "killing www", null));
        writer.Write(Progress("www", "killing www", null));
        writer.Finish();

        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["stopping www: 20 s left", "stopping www: 15 s left", "stopping www: 10 s left", "stopping www: 5 s left", "killing www"], lines);
        Assert.DoesNotContain('\r', error.ToString());
    }

    [Fact]
    public void Off_a_terminal_services_are_throttled_separately()
    {
        var error = new StringWriter();
        var writer = new ProgressWriter(error, isTerminal: false);
        writer.Write(Progress("www", "stopping www", 19));
        writer.Write(Progress("ftp", "stopping ftp", 19));
        writer.Write(Progress("www", "stopping www", 18));
        writer.Write(Progress("ftp", "stopping ftp", 18));
        Assert.Equal(2, error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void On_a_terminal_the_line_is_rewritten_and_cleared_at_the_end()
    {
        var error = new StringWriter();
        var writer = new ProgressWriter(error, isTerminal: true, terminalWidth: 20);
        writer.Write(Progress("www", "stopping www", 19));
        writer.Write(Progress("www", "stopping www and a very long tail", 18));
        writer.Finish();
        Assert.Equal("\rstopping www: 19 s…\u001b[K\rstopping www and a…\u001b[K\r\u001b[K", error.ToString());
        Assert.DoesNotContain('\n', error.ToString());
    }
}
