using Wharf.Cli.Remote;

namespace Wharf.Cli.Tests;

public sealed class RemoteTargetTests
{
    [Theory]
    [InlineData("web1", "web1", 8172, "web1:8172")]
    [InlineData("web1.example.com:9000", "web1.example.com", 9000, "web1.example.com:9000")]
    [InlineData("10.0.0.5", "10.0.0.5", 8172, "10.0.0.5:8172")]
    [InlineData("[::1]:8443", "::1", 8443, "[::1]:8443")]
    [InlineData("fe80::1", "fe80::1", 8172, "[fe80::1]:8172")]
    public void A_computer_name_reads_as_host_and_port_8172_by_default(string text, string host, int port, string name)
    {
        var (target, problem) = RemoteTarget.Parse(text);

        Assert.Null(problem);
        Assert.Equal((host, port, name), (target!.Host, target.Port, target.Name));
    }

    [Theory]
    [InlineData("")]
    [InlineData("web1:0")]
    [InlineData("web1:70000")]
    [InlineData("web1:http")]
    [InlineData("[::1")]
    [InlineData("user@web1")]
    public void A_malformed_computer_name_is_refused(string text)
    {
        Assert.Null(RemoteTarget.Parse(text).Target);
    }

    [Fact]
    public void Only_a_name_with_a_port_names_one()
    {
        Assert.True(RemoteTarget.NamesPort("localhost:8172"));
        Assert.True(RemoteTarget.NamesPort("[::1]:8172"));
        Assert.False(RemoteTarget.NamesPort("localhost"));
        Assert.False(RemoteTarget.NamesPort("::1"));
    }
}

public sealed class KnownHostsTests : IDisposable
{
    private readonly DirectoryInfo _home = Directory.CreateTempSubdirectory("wharf-known.");

    public void Dispose() => _home.Delete(recursive: true);

    [Fact]
    public void A_host_is_unknown_then_known_by_its_fingerprint_and_changed_when_it_differs()
    {
        var file = new KnownHosts(Path.Combine(_home.FullName, ".config", "wharf", "known_hosts"));

        Assert.Equal((HostTrust.Unknown, null), file.Check("web1:8172", "AA:BB"));
        file.Add("web1:8172", "AA:BB");
        file.Add("web2:8172", "CC:DD");

        Assert.Equal((HostTrust.Known, "AA:BB"), file.Check("web1:8172", "AA:BB"));
        Assert.Equal((HostTrust.Known, "AA:BB"), file.Check("WEB1:8172", "AA:BB"));
        Assert.Equal((HostTrust.Changed, "AA:BB"), file.Check("web1:8172", "EE:FF"));
        Assert.Equal((HostTrust.Unknown, null), file.Check("web1:9000", "AA:BB"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file.Path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(file.Path)!));
    }

    [Fact]
    public void Comments_and_blank_lines_are_skipped()
    {
        var path = Path.Combine(_home.FullName, "known_hosts");
        File.WriteAllText(path, "# pinned by hand\n\nweb1:8172 AA:BB\n");

        Assert.Equal(HostTrust.Known, new KnownHosts(path).Check("web1:8172", "AA:BB").Trust);
    }
}
