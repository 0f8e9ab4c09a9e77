using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Cli.Control;
using Wharf.Cli.Rendering;
using Wharf.Config;
using Wharf.Hosting;

namespace Wharf.Cli.Admin;

/// <summary>
/// Every way a call of the admin API can fail, said in plain words on stderr with its exit code
/// (docs/exit-codes.md): the one place an error answer becomes text.
/// </summary>
internal static class AdminFailures
{
    /// <summary>
    /// 412: the store moved past the version a change was made against. 75 is sysexits'
    /// EX_TEMPFAIL (ExitCodes names it for disabled resets): read again and retry.
    /// </summary>
    public const int ChangedMeanwhile = ExitCodes.Disabled;

    public static AdminCall Unreachable(DataRoot root, SocketException? socket, Exception e) =>
        (socket is null ? ConnectFailure.Other : ControlClient.Classify(socket)) switch
        {
            ConnectFailure.NotRunning => AdminCall.Unanswered(NotRunningMessage(root), ExitCodes.NotRunning),
            ConnectFailure.AccessDenied => AdminCall.Unanswered(
                $"access denied: this user may not use Wharf's admin socket {root.AdminSocket}. {ControlClient.AccessDeniedHint}",
                ExitCodes.AccessDenied),
            _ => AdminCall.Unanswered($"cannot connect to the admin service on {root.AdminSocket}: {(socket ?? e).Message}", ExitCodes.NotRunning),
        };

    internal static string NotRunningMessage(DataRoot root) =>
        $"the admin service is not running for data root {root.Path} (no one answers on run/admin.sock); start Wharf with `wharf serve`, or `wharf service start admin`";

    /// <summary>Says why the API refused <paramref name="request"/> and returns the exit code.</summary>
    public static int Report(AdminRequest request, AdminReply reply, TextWriter error)
    {
        var answer = ErrorAnswer.Read(reply);
        switch (reply.Status)
        {
            case 400:
                error.WriteLine(answer.Message);
                return ExitCodes.Usage;
            case 401:
                // Over HTTPS only: no credentials, or a wrong, revoked or expired one.
                error.WriteLine($"{Remote.RemoteTarget.Current?.Name}: {answer.Message}");
                return ExitCodes.AccessDenied;
            case 403 when Remote.RemoteTarget.Current is { } remote:
                error.WriteLine($"{remote.Name}: {answer.Message}");
                return ExitCodes.AccessDenied;
            case 403:
                // The admin service words its refusal as the control socket does; add the hint only if it did not.
                error.WriteLine(answer.Message.Contains(Hosting.LocalAdminPolicy.AdminGroup, StringComparison.Ordinal)
                    ? answer.Message
                    : $"{answer.Message}. {ControlClient.AccessDeniedHint}");
                return ExitCodes.AccessDenied;
            case 412:
                error.WriteLine(ChangedMeanwhileMessage(request.IfMatch, answer.CurrentVersion));
                return ChangedMeanwhile;
            case 422:
                error.WriteLine(answer.Errors.Count > 0 ? answer.Message + ":" : answer.Message);
                foreach (var e in answer.Errors) error.WriteLine(e.ToString());
                return ExitCodes.InvalidConfig;
            default:
                error.WriteLine(answer.Message);
                return ExitCodes.Failed;
        }
    }

    internal static string ChangedMeanwhileMessage(long? readAt, long? current)
    {
        var was = readAt is { } v ? $" since version {v}" : "";
        var now = current is { } c ? $": it is now version {c}" : "";
        var see = readAt is { } from && current is { } to ? $" (`wharf config diff {from} {to}` shows what changed)" : "";
        return $"someone else changed the configuration{was}{now}{see}; nothing was changed";
    }

    /// <summary>The API's error document, <c>{ error, errors, currentVersion }</c>, read leniently.</summary>
    internal sealed record ErrorAnswer(string Message, IReadOnlyList<ConfigError> Errors, long? CurrentVersion)
    {
        public static ErrorAnswer Read(AdminReply reply)
        {
            var fallback = $"the admin service answered {reply.Status}";
            JsonObject? body;
            try { body = reply.Json() as JsonObject; }
            catch (JsonException) { body = null; }
            if (body is null)
            {
                var firstLine = reply.Body.Split('\n', 2)[0].Trim();
                return new(firstLine.Length > 0 ? $"{fallback}: {firstLine}" : fallback, [], null);
            }

            var message = body["error"] is JsonValue v && v.TryGetValue(out string? text) && !string.IsNullOrWhiteSpace(text) ? text : fallback;
            var errors = new List<ConfigError>();
            if (body["errors"] is JsonArray list)
                foreach (var item in list)
                    if (item is JsonObject e)
                        errors.Add(new ConfigError(JsonText.String(e["path"]) ?? "", JsonText.String(e["message"]) ?? "(no message)"));
            return new(message, errors, JsonText.Long(body["currentVersion"]));
        }
    }
}
