using System.Net.Sockets;
using Wharf.Cli.Control;

namespace Wharf.Cli.Tests;

public sealed class ControlClientTests
{
    [Theory]
    [InlineData(SocketError.AccessDenied, "AccessDenied")]
    [InlineData(SocketError.ConnectionRefused, "NotRunning")]
    [InlineData(SocketError.AddressNotAvailable, "NotRunning")]
    [InlineData(SocketError.TimedOut, "Other")]
    public void Connect_errors_are_classified(SocketError error, string expected) =>
        Assert.Equal(expected, ControlClient.Classify(new SocketException((int)error)).ToString());

    [Fact]
    public async Task A_missing_socket_is_not_running()
    {
        using var root = new TempRoot();
        var result = await ControlClient.ConnectAsync(root.Data, CancellationToken.None);
        Assert.Null(result.Client);
        Assert.Equal(ConnectFailure.NotRunning, result.Failure);
    }

    [Fact]
    public async Task A_missing_run_folder_is_not_running()
    {
        using var root = new TempRoot();
        Directory.Delete(root.Path);
        var result = await ControlClient.ConnectAsync(root.Data, CancellationToken.None);
        Assert.Equal(ConnectFailure.NotRunning, result.Failure);
    }

    [Fact]
    public async Task Too_deep_a_root_gives_the_data_roots_own_message()
    {
        var root = new Wharf.Config.DataRoot("/tmp/" + new string('x', 110));
        var result = await ControlClient.ConnectAsync(root, CancellationToken.None);
        Assert.Equal(ConnectFailure.SocketPathTooLong, result.Failure);
        Assert.Equal(root.CheckSocketPaths(), result.Message);
    }

    [Theory]
    [InlineData("access denied: user id 1000 may not administer Wharf.", 77)]
    [InlineData("Access denied: ...", 77)]
    [InlineData("resets are disabled on this host", 75)]
    [InlineData("no service named 'x'", 1)]
    [InlineData("bad request: malformed control line", 1)]
    public void Error_replies_map_to_exit_codes(string message, int code) =>
        Assert.Equal(code, ControlCommandRunner.ExitCodeOfError(message));
}
