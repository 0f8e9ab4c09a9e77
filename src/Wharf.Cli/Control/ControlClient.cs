using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Wharf.Config;
using Wharf.Hosting.Control;

namespace Wharf.Cli.Control;

internal enum ConnectFailure { None, NotRunning, AccessDenied, SocketPathTooLong, Other }

/// <summary>A connection to the supervisor, or why there is none, in plain words.</summary>
internal sealed record ConnectResult(ControlClient? Client, ConnectFailure Failure, string? Message);

/// <summary>
/// One request on the supervisor's control socket (<c>run/control.sock</c>): write a
/// <see cref="ControlRequest"/> line, then read <see cref="ControlReply"/> lines: progress, then
/// one result or error.
/// </summary>
internal sealed class ControlClient : IAsyncDisposable
{
    private readonly JsonLineChannel<ControlReply, ControlRequest> _channel;

    private ControlClient(Socket socket) =>
        _channel = new JsonLineChannel<ControlReply, ControlRequest>(
            new NetworkStream(socket, ownsSocket: true),
            HostingJsonContext.Default.ControlReply,
            HostingJsonContext.Default.ControlRequest);

    public static async Task<ConnectResult> ConnectAsync(DataRoot root, CancellationToken cancellationToken)
    {
        if (root.CheckSocketPaths() is { } tooLong) return new(null, ConnectFailure.SocketPathTooLong, tooLong);

        var path = root.ControlSocket;
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
            return new(new ControlClient(socket), ConnectFailure.None, null);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            var failure = Classify(e);
            return new(null, failure, DescribeFailure(failure, root, e));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends the request and yields every reply until the final one (or end of stream).</summary>
    public async IAsyncEnumerable<ControlReply> SendAsync(ControlRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await _channel.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        while (await _channel.ReadAsync(cancellationToken).ConfigureAwait(false) is { } reply)
        {
            yield return reply;
            if (reply.Type is ControlReplyType.Result or ControlReplyType.Error) yield break;
        }
    }

    public ValueTask DisposeAsync() => _channel.DisposeAsync();

    // ENOENT (no socket file, or no run folder) and ECONNREFUSED (a socket file nobody listens on,
    // left by a supervisor that died) both mean Wharf is not running; EACCES/EPERM mean the socket's
    // permissions keep this user out.
    internal static ConnectFailure Classify(SocketException e) => (e.SocketErrorCode, e.NativeErrorCode) switch
    {
        (SocketError.AccessDenied, _) or (_, Errno.EACCES or Errno.EPERM) => ConnectFailure.AccessDenied,
        (SocketError.ConnectionRefused or SocketError.AddressNotAvailable, _) => ConnectFailure.NotRunning,
        (_, Errno.ENOENT or Errno.ECONNREFUSED or Errno.ENOTDIR) => ConnectFailure.NotRunning,
        _ => ConnectFailure.Other,
    };

    internal static string DescribeFailure(ConnectFailure failure, DataRoot root, SocketException e) => failure switch
    {
        ConnectFailure.NotRunning => NotRunningMessage(root),
        ConnectFailure.AccessDenied =>
            $"access denied: this user may not use Wharf's control socket {root.ControlSocket}. {AccessDeniedHint}",
        _ => $"cannot connect to Wharf's control socket {root.ControlSocket}: {e.Message}",
    };

    /// <summary>Said wherever Wharf refuses a caller: the control socket, the admin socket, the admin API.</summary>
    internal static readonly string AccessDeniedHint =
        $"Run the command as root, as the user Wharf runs as, or as a member of the '{Hosting.LocalAdminPolicy.AdminGroup}' group.";

    internal static string NotRunningMessage(DataRoot root) =>
        $"Wharf is not running at {root.Path} (no control socket at {root.ControlSocket}); start it with `wharf serve`";

    private static class Errno
    {
        public const int EPERM = 1;
        public const int ENOENT = 2;
        public const int EACCES = 13;
        public const int ENOTDIR = 20;
        public const int ECONNREFUSED = 111;
    }
}
