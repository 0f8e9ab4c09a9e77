using Wharf.Hosting.Control;

namespace Wharf.Cli.Rendering;

/// <summary>
/// What an operation cut when it had to kill a process at its deadline: one line per process,
/// naming each request it still held. Pure, like <see cref="StatusRenderer"/>.
/// </summary>
internal static class ForcedLines
{
    public static IReadOnlyList<string> For(ControlReply reply) =>
        (reply.Services ?? [])
            .SelectMany(s => (s.Forced ?? []).Select(f => $"{s.Name} forced: {ForcedStopText.Describe(f)}"))
            .ToArray();

    public static int Count(ControlReply reply) => (reply.Services ?? []).Sum(s => s.Forced?.Count ?? 0);

    /// <summary>The last line of a forced operation: never "successfully", since it cut what it killed.</summary>
    public static string Summary(string done, ControlReply reply)
    {
        var killed = Count(reply);
        return $"{done}, but forced: {killed} process{(killed == 1 ? "" : "es")} killed at the deadline";
    }
}
