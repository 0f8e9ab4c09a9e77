using Wharf.Config.Json;
using Wharf.Config.Model;
using Wharf.Config.Validation;

namespace Wharf.Config;

/// <summary>
/// Checks a decoded configuration's values. Pure: no disk, no network, no clock. Returns every
/// error, not the first, each naming the field (a JSON Pointer), the value and the reason.
/// </summary>
public static partial class ConfigValidator
{
    public static IReadOnlyList<ConfigError> Validate(WharfConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = new Errors();
        if (config.Version < 0)
            errors.Add("/version", $"{config.Version} is negative; the version starts at 0 and only grows");
        if (config.MaxHistoryFiles < 1)
            errors.Add("/maxHistoryFiles", $"{config.MaxHistoryFiles} is less than 1; keep at least one version in history");
        foreach (var (name, service) in config.Services.All())
            ValidateService(service, JsonPointer.Append("/services", name), errors);
        ValidateWww(config, errors);
        return errors.List;
    }

    private static void ValidateService(ServiceConfig service, string at, Errors errors)
    {
        if (service.User is { } user && (user.Length == 0 || user == "root" || user == "0" || user.Any(c => char.IsWhiteSpace(c) || c == ':')))
            errors.Add(at + "/user", user.Length == 0 || user.Any(c => char.IsWhiteSpace(c) || c == ':')
                ? $"{Quote(user)} is not a user name"
                : $"{Quote(user)} is root; services never run as root (the supervisor binds privileged ports for them): name an unprivileged user, or leave \"user\" out for the wharf user");
        Positive(service.StartupTimeLimit, at + "/startupTimeLimit", errors);
        Positive(service.PingInterval, at + "/pingInterval", errors);
        AtLeastOne(service.PingMissedLimit, at + "/pingMissedLimit", "a service is hung after this many missed pings", errors);

        var recovery = service.Recovery;
        at += "/recovery";
        foreach (var (field, action) in new[]
                 {
                     ("firstFailure", recovery.FirstFailure),
                     ("secondFailure", recovery.SecondFailure),
                     ("subsequentFailures", recovery.SubsequentFailures),
                 })
        {
            if (action == RecoveryAction.Run && string.IsNullOrWhiteSpace(recovery.Program))
                errors.Add(at + "/program", $"{field} is \"run\" but no program is set; name the program to run in \"program\"");
        }
        NotNegative(recovery.RestartDelay, at + "/restartDelay", errors);
        Positive(recovery.ResetFailCountAfter, at + "/resetFailCountAfter", errors);

        var rapidFail = recovery.RapidFail;
        at += "/rapidFail";
        AtLeastOne(rapidFail.MaxFailures, at + "/maxFailures", "this many failures within the interval put the service in Failed", errors);
        Positive(rapidFail.Interval, at + "/interval", errors);
        Positive(rapidFail.RetryBackoff, at + "/retryBackoff", errors);
        Positive(rapidFail.MaxRetryBackoff, at + "/maxRetryBackoff", errors);
        if (rapidFail.RetryBackoff > rapidFail.MaxRetryBackoff)
            errors.Add(at + "/retryBackoff",
                $"{Show(rapidFail.RetryBackoff)} is longer than maxRetryBackoff {Show(rapidFail.MaxRetryBackoff)}; the back-off starts here and doubles up to that");
    }

    private static void Positive(TimeSpan value, string at, Errors errors)
    {
        if (value <= TimeSpan.Zero)
            errors.Add(at, $"{Show(value)} is not a positive duration; it must be longer than zero");
    }

    private static void NotNegative(TimeSpan value, string at, Errors errors)
    {
        if (value < TimeSpan.Zero)
            errors.Add(at, $"{Show(value)} is negative; a duration is zero or more");
    }

    private static void AtLeastOne(int value, string at, string why, Errors errors)
    {
        if (value < 1)
            errors.Add(at, $"{value} is less than 1; {why}");
    }

    private static string Show(TimeSpan value) => $"\"{DurationConverter.Format(value)}\"";

    private static string Quote(string? value) => Syntax.Quote(value);

    private sealed class Errors
    {
        public List<ConfigError> List { get; } = [];

        public void Add(string path, string message) => List.Add(new ConfigError(path, message));
    }
}
