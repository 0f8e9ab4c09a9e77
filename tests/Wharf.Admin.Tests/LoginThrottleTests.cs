using Microsoft.Extensions.Time.Testing;
using Wharf.Admin.Http.Auth;

namespace Wharf.Admin.Tests;

public sealed class LoginThrottleTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 8, 1, 0, 0, TimeSpan.Zero));
    private readonly LoginThrottle _throttle;

    public LoginThrottleTests() => _throttle = new LoginThrottle(_time, 5, Window);

    [Fact]
    public void Five_failures_from_one_address_refuse_the_sixth_until_the_first_leaves_the_window()
    {
        for (var i = 0; i < 5; i++)
        {
            Assert.Null(_throttle.RetryAfter("10.0.0.1", $"user{i}"));
            _throttle.Failed("10.0.0.1", $"user{i}");
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        // The first failure was 5 minutes ago: 10 minutes left, whichever account is tried.
        Assert.Equal(TimeSpan.FromMinutes(10), _throttle.RetryAfter("10.0.0.1", "someone-else"));
        Assert.Null(_throttle.RetryAfter("10.0.0.2", "someone-else"));

        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.Null(_throttle.RetryAfter("10.0.0.1", "someone-else"));
    }

    [Fact]
    public void Five_failures_on_one_account_from_many_addresses_refuse_that_account_everywhere()
    {
        for (var i = 0; i < 5; i++) _throttle.Failed($"10.0.0.{i}", "admin");

        Assert.Equal(Window, _throttle.RetryAfter("192.168.1.1", "admin"));
        Assert.Null(_throttle.RetryAfter("192.168.1.1", "alice"));
    }

    [Fact]
    public void Four_failures_still_allow_a_try_and_a_success_clears_the_count()
    {
        for (var i = 0; i < 4; i++) _throttle.Failed("10.0.0.1", "admin");
        Assert.Null(_throttle.RetryAfter("10.0.0.1", "admin"));

        _throttle.Succeeded("10.0.0.1", "admin");
        for (var i = 0; i < 4; i++) _throttle.Failed("10.0.0.1", "admin");

        Assert.Null(_throttle.RetryAfter("10.0.0.1", "admin"));
    }

    [Fact]
    public void Failures_older_than_the_window_do_not_count()
    {
        for (var i = 0; i < 4; i++) _throttle.Failed("10.0.0.1", "admin");
        _time.Advance(Window);
        _throttle.Failed("10.0.0.1", "admin");

        Assert.Null(_throttle.RetryAfter("10.0.0.1", "admin"));
    }
}
