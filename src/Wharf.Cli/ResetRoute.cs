namespace Wharf.Cli;

/// <summary>
/// `wharf reset` takes iisreset's switches (<c>/stop</c>, <c>/timeout:30</c>, <c>/?</c>, <c>-h</c>),
/// which System.CommandLine would read as its own options or reject, so its tokens are taken
/// raw, in order, before System.CommandLine sees them. <c>--root DIR</c> still works before
/// or after <c>reset</c>.
/// </summary>
internal static class ResetRoute
{
    public const string CommandName = "reset";
    private const string RootOption = "--root";

    /// <summary>True when the command is `reset`; then the tokens after it (without --root) and the --root value.</summary>
    public static bool TryMatch(IReadOnlyList<string> args, out List<string> tokens, out string? root, out string? error)
    {
        tokens = [];
        root = null;
        error = null;

        var i = 0;
        while (i < args.Count && TakeRoot(args, ref i, ref root, ref error)) { }
        if (error is not null || i >= args.Count || args[i] != CommandName) return false;

        for (i++; i < args.Count;)
        {
            if (TakeRoot(args, ref i, ref root, ref error)) continue;
            if (error is not null) return true;
            tokens.Add(args[i++]);
        }
        return true;
    }

    private static bool TakeRoot(IReadOnlyList<string> args, ref int i, ref string? root, ref string? error)
    {
        var arg = args[i];
        if (arg.Equals(RootOption, StringComparison.OrdinalIgnoreCase))
        {
            if (i + 1 >= args.Count)
            {
                error = "--root needs a directory: --root DIR";
                return false;
            }
            root = args[i + 1];
            i += 2;
            return true;
        }
        if (arg.StartsWith(RootOption + "=", StringComparison.OrdinalIgnoreCase))
        {
            root = arg[(RootOption.Length + 1)..];
            i++;
            return true;
        }
        return false;
    }
}
