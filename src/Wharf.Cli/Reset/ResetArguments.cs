using System.Globalization;

namespace Wharf.Cli.Reset;

/// <summary>
/// Parses the tokens after `wharf reset`. iisreset's spellings (<c>/stop</c>, <c>/timeout:30</c>,
/// <c>/noforce</c>, <c>/?</c>) and modern ones (<c>--stop</c>, <c>--timeout 30</c>, <c>--no-force</c>,
/// <c>--help</c>) are both accepted, in any letter case; a token that is not a switch is the computer name.
/// Pure: no I/O, so every spelling is tested directly.
/// </summary>
internal static class ResetArguments
{
    private static readonly Dictionary<string, ResetAction> Actions = new(StringComparer.Ordinal)
    {
        ["restart"] = ResetAction.Restart,
        ["start"] = ResetAction.Start,
        ["stop"] = ResetAction.Stop,
        ["status"] = ResetAction.Status,
        ["enable"] = ResetAction.Enable,
        ["disable"] = ResetAction.Disable,
        ["reboot"] = ResetAction.Reboot,
    };

    public static ResetArgumentsResult Parse(IReadOnlyList<string> tokens)
    {
        // iisreset shows its help whatever else is on the line.
        if (tokens.Any(IsHelp)) return ResetArgumentsResult.Valid(new ResetOptions { Help = true });

        var options = new ResetOptions();
        string? actionToken = null;
        string? timeoutToken = null;

        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (!TrySplitSwitch(token, out var name, out var value))
            {
                if (token.Length == 0) return ResetArgumentsResult.Invalid("an empty argument is not a computer name");
                if (options.ComputerName is { } first)
                    return ResetArgumentsResult.Invalid($"'{token}': only one computer name may be given (already '{first}')");
                // iisreset users often write the computer as \\name.
                var computer = token.StartsWith(@"\\", StringComparison.Ordinal) ? token[2..] : token;
                if (computer.Length == 0) return ResetArgumentsResult.Invalid($"'{token}' is not a computer name");
                options = options with { ComputerName = computer };
                continue;
            }

            if (token.StartsWith('-') && !token.StartsWith("--", StringComparison.Ordinal))
                return UnknownSwitch(token);

            if (name == "computer")
            {
                if (value is null)
                {
                    if (i + 1 >= tokens.Count) return ResetArgumentsResult.Invalid($"'{token}' needs HOST[:PORT]");
                    value = tokens[++i];
                }
                if (options.ComputerName is { } named)
                    return ResetArgumentsResult.Invalid($"'{token}': only one computer name may be given (already '{named}')");
                options = options with { ComputerName = value };
                continue;
            }

            if (name is "token-file" or "ca-file")
            {
                if (value is null)
                {
                    if (i + 1 >= tokens.Count) return ResetArgumentsResult.Invalid($"'{token}' needs a file");
                    value = tokens[++i];
                }
                options = name == "token-file" ? options with { TokenFile = value } : options with { CaFile = value };
                continue;
            }

            if (name == "timeout")
            {
                if (timeoutToken is not null)
                    return ResetArgumentsResult.Invalid($"'{token}': the timeout is already given ('{timeoutToken}')");
                timeoutToken = token;
                if (value is null)
                {
                    if (i + 1 >= tokens.Count)
                        return ResetArgumentsResult.Invalid($"'{token}' needs a number of seconds, as /timeout:30 or --timeout 30");
                    value = tokens[++i];
                    timeoutToken = $"{token} {value}";
                }
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
                    return ResetArgumentsResult.Invalid($"'{timeoutToken}': the timeout must be a positive whole number of seconds, not '{value}'");
                options = options with { TimeoutSeconds = seconds };
                continue;
            }

            if (value is not null) return ResetArgumentsResult.Invalid($"'{token}' takes no value");

            if (Actions.TryGetValue(name, out var action))
            {
                if (actionToken is not null && options.Action != action)
                    return ResetArgumentsResult.Invalid($"'{actionToken}' and '{token}' are two actions; give one");
                actionToken = token;
                options = options with { Action = action };
                continue;
            }

            switch (name)
            {
                case "rebootonerror" or "reboot-on-error":
                    options = options with { RebootOnError = true };
                    break;
                case "noforce" or "no-force":
                    options = options with { Force = false };
                    break;
                case "json":
                    options = options with { Json = true };
                    break;
                case "accept-new-host":
                    options = options with { AcceptNewHost = true };
                    break;
                default:
                    return UnknownSwitch(token);
            }
        }

        return ResetArgumentsResult.Valid(options);
    }

    private static bool IsHelp(string token) =>
        TrySplitSwitch(token, out var name, out _) && name is "?" or "h" or "help";

    /// <summary>
    /// <c>/name</c>, <c>--name</c> and <c>-h</c>/<c>-?</c> are switches; a value may follow
    /// <c>:</c> or <c>=</c>. The name comes back in lower case.
    /// </summary>
    private static bool TrySplitSwitch(string token, out string name, out string? value)
    {
        name = "";
        value = null;
        string body;
        if (token.StartsWith("--", StringComparison.Ordinal)) body = token[2..];
        else if (token.Length > 0 && token[0] is '/' or '-') body = token[1..];
        else return false;

        var separator = body.IndexOfAny([':', '=']);
        if (separator >= 0)
        {
            value = body[(separator + 1)..];
            body = body[..separator];
        }
        name = body.ToLowerInvariant();
        return true;
    }

    private static ResetArgumentsResult UnknownSwitch(string token) =>
        ResetArgumentsResult.Invalid($"unknown switch '{token}'; `wharf reset /?` lists them");
}
