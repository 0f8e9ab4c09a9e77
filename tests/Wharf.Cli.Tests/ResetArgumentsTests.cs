using Wharf.Cli.Reset;

namespace Wharf.Cli.Tests;

public sealed class ResetArgumentsTests
{
    private static ResetOptions Valid(params string[] tokens)
    {
        var result = ResetArguments.Parse(tokens);
        Assert.True(result.IsValid, result.Error);
        return result.Options;
    }

    private static string Invalid(params string[] tokens)
    {
        var result = ResetArguments.Parse(tokens);
        Assert.False(result.IsValid, $"expected an error for: {string.Join(' ', tokens)}");
        return result.Error;
    }

    [Fact]
    public void No_switch_means_restart_local_forced_with_the_supervisor_default_timeout()
    {
        var options = Valid();
        Assert.Equal(ResetAction.Restart, options.Action);
        Assert.Null(options.TimeoutSeconds);
        Assert.True(options.Force);
        Assert.False(options.RebootOnError);
        Assert.Null(options.ComputerName);
        Assert.False(options.Json);
        Assert.False(options.Help);
    }

    [Theory]
    [InlineData("/restart", "Restart")]
    [InlineData("/start", "Start")]
    [InlineData("/stop", "Stop")]
    [InlineData("/status", "Status")]
    [InlineData("/enable", "Enable")]
    [InlineData("/disable", "Disable")]
    [InlineData("/reboot", "Reboot")]
    [InlineData("--restart", "Restart")]
    [InlineData("--start", "Start")]
    [InlineData("--stop", "Stop")]
    [InlineData("--status", "Status")]
    [InlineData("--enable", "Enable")]
    [InlineData("--disable", "Disable")]
    [InlineData("--reboot", "Reboot")]
    public void Every_action_in_both_spellings(string token, string action) =>
        Assert.Equal(action, Valid(token).Action.ToString());

    [Theory]
    [InlineData("/STOP")]
    [InlineData("/Stop")]
    [InlineData("/sToP")]
    [InlineData("--STOP")]
    [InlineData("--Stop")]
    public void Switches_ignore_letter_case(string token) =>
        Assert.Equal(ResetAction.Stop, Valid(token).Action);

    [Theory]
    [InlineData("/RESTART", "Restart")]
    [InlineData("/START", "Start")]
    [InlineData("/STATUS", "Status")]
    [InlineData("/ENABLE", "Enable")]
    [InlineData("/DISABLE", "Disable")]
    [InlineData("/REBOOT", "Reboot")]
    public void Upper_case_iis_actions_as_the_iisreset_help_prints_them(string token, string action) =>
        Assert.Equal(action, Valid(token).Action.ToString());

    [Theory]
    [InlineData("/noforce")]
    [InlineData("/NOFORCE")]
    [InlineData("--no-force")]
    [InlineData("--No-Force")]
    [InlineData("--noforce")]
    public void Noforce_turns_force_off(string token) => Assert.False(Valid(token).Force);

    [Theory]
    [InlineData("/rebootonerror")]
    [InlineData("/REBOOTONERROR")]
    [InlineData("--reboot-on-error")]
    [InlineData("--REBOOT-ON-ERROR")]
    public void Rebootonerror_is_a_flag_not_an_action(string token)
    {
        var options = Valid(token);
        Assert.True(options.RebootOnError);
        Assert.Equal(ResetAction.Restart, options.Action);
    }

    [Theory]
    [InlineData("/timeout:30")]
    [InlineData("/TIMEOUT:30")]
    [InlineData("/timeout=30")]
    [InlineData("/Timeout:30")]
    [InlineData("--timeout=30")]
    [InlineData("--TIMEOUT=30")]
    [InlineData("--timeout:30")]
    public void Timeout_attached_forms(string token) => Assert.Equal(30, Valid(token).TimeoutSeconds);

    [Theory]
    [InlineData("--timeout", "45")]
    [InlineData("--Timeout", "45")]
    [InlineData("/timeout", "45")]
    public void Timeout_with_the_value_in_the_next_token(string token, string value) =>
        Assert.Equal(45, Valid(token, value).TimeoutSeconds);

    [Fact]
    public void Timeout_value_is_not_taken_for_a_computer_name()
    {
        var options = Valid("--timeout", "10", "web1", "/stop");
        Assert.Equal(10, options.TimeoutSeconds);
        Assert.Equal("web1", options.ComputerName);
        Assert.Equal(ResetAction.Stop, options.Action);
    }

    [Theory]
    [InlineData("/timeout:0", "0")]
    [InlineData("/timeout:-5", "-5")]
    [InlineData("/timeout:abc", "abc")]
    [InlineData("/timeout:1.5", "1.5")]
    [InlineData("/timeout:+5", "+5")]
    [InlineData("/timeout: 5", " 5")]
    [InlineData("/timeout:99999999999", "99999999999")]
    [InlineData("--timeout=0", "0")]
    [InlineData("/timeout:", "")]
    public void Timeout_must_be_a_positive_whole_number_of_seconds(string token, string value)
    {
        var error = Invalid(token);
        Assert.Contains("positive whole number of seconds", error);
        Assert.Contains($"'{value}'", error);
    }

    [Fact]
    public void Timeout_as_a_separate_token_names_the_bad_value()
    {
        var error = Invalid("--timeout", "-5");
        Assert.Contains("'--timeout -5'", error);
        Assert.Contains("positive whole number", error);
    }

    [Theory]
    [InlineData("--timeout")]
    [InlineData("/timeout")]
    [InlineData("/TIMEOUT")]
    public void Timeout_without_a_value(string token) =>
        Assert.Contains($"'{token}' needs a number of seconds", Invalid(token));

    [Fact]
    public void Timeout_given_twice_is_an_error_naming_both()
    {
        var error = Invalid("/timeout:5", "--timeout", "6");
        Assert.Contains("'--timeout'", error);
        Assert.Contains("'/timeout:5'", error);
    }

    [Theory]
    [InlineData("/stop", "/start")]
    [InlineData("/restart", "/stop")]
    [InlineData("--status", "/disable")]
    [InlineData("/enable", "--disable")]
    [InlineData("/reboot", "/restart")]
    [InlineData("/STOP", "--start")]
    public void Two_actions_is_an_error_naming_both_tokens(string first, string second)
    {
        var error = Invalid(first, second);
        Assert.Contains($"'{first}'", error);
        Assert.Contains($"'{second}'", error);
        Assert.Contains("two actions", error);
    }

    [Fact]
    public void The_same_action_twice_is_harmless() =>
        Assert.Equal(ResetAction.Stop, Valid("/stop", "--STOP").Action);

    [Theory]
    [InlineData("/stop", "/rebootonerror")]
    [InlineData("/rebootonerror", "/stop")]
    [InlineData("/noforce", "/stop")]
    [InlineData("/stop", "/noforce")]
    [InlineData("/timeout:30", "/stop")]
    [InlineData("/stop", "/timeout:30")]
    public void Modifiers_combine_with_an_action(string first, string second) =>
        Assert.Equal(ResetAction.Stop, Valid(first, second).Action);

    [Fact]
    public void Everything_at_once_in_iis_spelling()
    {
        var options = Valid("WEB1", "/STOP", "/NOFORCE", "/TIMEOUT:90", "/REBOOTONERROR");
        Assert.Equal(new ResetOptions
        {
            Action = ResetAction.Stop,
            Force = false,
            TimeoutSeconds = 90,
            RebootOnError = true,
            ComputerName = "WEB1",
        }, options);
    }

    [Fact]
    public void Everything_at_once_in_modern_spelling()
    {
        var options = Valid("--restart", "--no-force", "--timeout", "15", "--reboot-on-error", "--json", "localhost");
        Assert.Equal(new ResetOptions
        {
            Action = ResetAction.Restart,
            Force = false,
            TimeoutSeconds = 15,
            RebootOnError = true,
            ComputerName = "localhost",
            Json = true,
        }, options);
    }

    [Theory]
    [InlineData("--json")]
    [InlineData("--JSON")]
    [InlineData("/json")]
    public void Json(string token) => Assert.True(Valid("/status", token).Json);

    [Theory]
    [InlineData("/?")]
    [InlineData("-?")]
    [InlineData("-h")]
    [InlineData("-H")]
    [InlineData("--help")]
    [InlineData("--HELP")]
    [InlineData("/help")]
    [InlineData("/h")]
    public void Help_in_every_spelling(string token) => Assert.True(Valid(token).Help);

    [Fact]
    public void Help_wins_over_anything_else_on_the_line()
    {
        Assert.True(Valid("/stop", "/start", "/?").Help);
        Assert.True(Valid("/bogus", "--help").Help);
    }

    [Theory]
    [InlineData("/bogus")]
    [InlineData("--bogus")]
    [InlineData("/force")]
    [InlineData("-stop")]
    [InlineData("-x")]
    [InlineData("-")]
    [InlineData("--")]
    [InlineData("/")]
    [InlineData("/restarts")]
    public void Unknown_switch_is_named(string token)
    {
        var error = Invalid(token);
        Assert.Contains($"unknown switch '{token}'", error);
        Assert.Contains("wharf reset /?", error);
    }

    [Theory]
    [InlineData("/stop:now")]
    [InlineData("--noforce=yes")]
    [InlineData("/json:1")]
    public void A_switch_that_takes_no_value_rejects_one(string token) =>
        Assert.Contains($"'{token}' takes no value", Invalid(token));

    [Theory]
    [InlineData("web1", "web1")]
    [InlineData(@"\\WEB1", "WEB1")]
    [InlineData("localhost", "localhost")]
    [InlineData("127.0.0.1", "127.0.0.1")]
    public void A_bare_token_is_the_computer_name(string token, string name) =>
        Assert.Equal(name, Valid(token).ComputerName);

    [Fact]
    public void The_computer_name_may_come_after_the_switches() =>
        Assert.Equal("web1", Valid("/status", "web1").ComputerName);

    [Fact]
    public void Only_one_computer_name()
    {
        var error = Invalid("web1", "web2");
        Assert.Contains("'web2'", error);
        Assert.Contains("'web1'", error);
        Assert.Contains("only one computer name", error);
    }

    [Theory]
    [InlineData("")]
    [InlineData(@"\\")]
    public void An_empty_computer_name_is_an_error(string token) => Invalid(token);
}
