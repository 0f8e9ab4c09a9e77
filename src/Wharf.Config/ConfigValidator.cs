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
        var accounts = ServiceAccounts.All(config);
        foreach (var (name, service) in config.Services.All())
            ValidateService(name, service, accounts, JsonPointer.Append("/services", name), errors);
        ValidateWww(config, errors);
        ValidateTls(config.Tls, errors);
        ValidateAdmin(config, errors);
        return errors.List;
    }

    private static void ValidateService(string name, ServiceConfig service, IReadOnlyDictionary<string, string> accounts, string at, Errors errors)
    {
        if (service.User is { } user)
        {
            if (!IsUserName(user))
                errors.Add(at + "/user", $"{Quote(user)} is not a user name");
            else if (user is "root" or "0")
                errors.Add(at + "/user", $"{Quote(user)} is root; services never run as root (the supervisor binds privileged ports for them): name an unprivileged user, or leave \"user\" out for {ServiceAccounts.Prefix}{name}");
            else if (ServiceAccounts.Shared.Contains(user))
                errors.Add(at + "/user", $"{Quote(user)} is shared with other software, which could then signal {name} or write its files: leave \"user\" out for {ServiceAccounts.Prefix}{name}, or name an account of its own");
            else if (accounts.FirstOrDefault(a => a.Key != name && a.Value == user) is { Key: { } other })
                errors.Add(at + "/user", $"{Quote(user)} is also the account of {other}; no two services share an account (each could signal the other and write its files)");
        }
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
        var runs = new[] { recovery.FirstFailure, recovery.SecondFailure, recovery.SubsequentFailures }.Contains(RecoveryAction.Run);
        ValidateRunAs(recovery.RunAs, runs, accounts, at + "/runAs", "the recovery program", errors);
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

    /// <summary>
    /// An account a program the configuration names runs as. What only the machine knows (uid 0
    /// under another name, membership of wharf-admins or sudo) the supervisor checks at run time.
    /// </summary>
    private static void ValidateRunAs(string? runAs, bool required, IReadOnlyDictionary<string, string> accounts, string at, string what, Errors errors)
    {
        if (runAs is null)
        {
            if (required)
                errors.Add(at, $"{what} needs an account to run as: name an unprivileged user in \"runAs\" (never root)");
            return;
        }
        if (!IsUserName(runAs))
            errors.Add(at, $"{Quote(runAs)} is not a user name");
        else if (runAs is "root" or "0")
            errors.Add(at, $"{Quote(runAs)} is root; {what} never runs as root: name an unprivileged user");
        else if (accounts.FirstOrDefault(a => a.Value == runAs) is { Key: { } service })
            errors.Add(at, $"{Quote(runAs)} is the account of the {service} service; {what} runs as an account of its own, which cannot write {service}'s files or signal it");
    }

    private static bool IsUserName(string name) =>
        name.Length > 0 && !name.Any(c => char.IsWhiteSpace(c) || c == ':' || c == '/');

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
