namespace Wharf.Hosting.Tests;

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

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void No_variable_is_no_listeners(string? text)
    {
        Assert.Empty(InheritedListeners.Parse(text));
    }

    [Fact]
    public void Spaces_and_empty_entries_are_tolerated_and_the_last_equals_sign_splits()
    {
        // A Unix socket's name may hold '=' in its path; the descriptor is what follows the last one.
        var parsed = InheritedListeners.Parse(" www/127.0.0.1:80=3 ,, admin/unix:a=b.sock=4 ,");

        Assert.Equal(new Dictionary<string, int> { ["www/127.0.0.1:80"] = 3, ["admin/unix:a=b.sock"] = 4 }, parsed);
    }

    [Fact]
    public void Listeners_taken_from_the_environment_are_close_on_exec()
    {
        using var listener = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        listener.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        listener.Listen();
        var fd = (int)listener.SafeHandle.DangerousGetHandle();
        Native.Libc.SetInheritable(fd, true);
        Assert.False(CloseOnExec(fd));
        var name = new ListenerSpec("www", "127.0.0.1", ((System.Net.IPEndPoint)listener.LocalEndPoint!).Port).Name;

        Environment.SetEnvironmentVariable(EnvironmentNames.ListenFds, InheritedListeners.Format([new(name, fd)]));
        try
        {
            Assert.Equal(fd, InheritedListeners.TakeFromEnvironment()[name]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(EnvironmentNames.ListenFds, null);
        }
        Assert.True(CloseOnExec(fd));
    }

    // /proc/self/fdinfo/N has "flags:" in octal; O_CLOEXEC is 02000000.
    private static bool CloseOnExec(int fd) =>
        (Convert.ToInt64(File.ReadLines($"/proc/self/fdinfo/{fd}").Single(l => l.StartsWith("flags:", StringComparison.Ordinal))[6..].Trim(), 8) & 0x80000) != 0;
}
