using Wharf.Hosting;

namespace Wharf.Supervisor.Tests;

public sealed class InheritedListenersTests
{
    [Fact]
    public void Names_and_descriptors_round_trip_including_ipv6_and_wildcards()
    {
        var listeners = new Dictionary<string, int>
        {
            [new ListenerSpec("www", "127.0.0.1", 8080).Name] = 5,
            [new ListenerSpec("www", "::1", 8080).Name] = 6,
            [new ListenerSpec("www", "*", 8443).Name] = 7,
        };

        var text = InheritedListeners.Format(listeners);

        Assert.Equal("www/127.0.0.1:8080=5,www/[::1]:8080=6,www/*:8443=7", text);
        Assert.Equal(listeners, InheritedListeners.Parse(text));
    }

    [Theory]
    [InlineData("www")]
    [InlineData("www=x")]
    [InlineData("=3")]
    [InlineData("www=-1")]
    public void Malformed_entries_are_refused(string text)
    {
        Assert.Throws<FormatException>(() => InheritedListeners.Parse(text));
    }
}
