using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging.Abstractions;

namespace Wharf.Hosting.Kestrel.Tests;

/// <summary>
/// Kestrel's transport over inherited descriptors, on real sockets the test binds on 127.0.0.1 as
/// the supervisor would. The socket is shared: what the service does to its copy must leave the
/// supervisor's listening.
/// </summary>
public sealed class InheritedListenerFactoryTests : IDisposable
{
    private readonly SupervisorSocket _supervisor = SupervisorSocket.Tcp();
    private readonly InheritedListenerFactory _factory = new(NullLoggerFactory.Instance);

    private async Task<IConnectionListener> BindAsync() => await _factory.BindAsync(_supervisor.Inherited());

    [Fact]
    public async Task A_connection_to_the_shared_socket_is_accepted_and_carries_bytes_both_ways()
    {
        var listener = await BindAsync();
        Assert.Equal(_supervisor.EndPoint, listener.EndPoint);

        using var client = await _supervisor.ConnectAsync();
        var connection = await listener.AcceptAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(connection);
        Assert.Equal(client.LocalEndPoint, connection.RemoteEndPoint);

        await client.SendAsync("ping"u8.ToArray());
        var read = await connection.Transport.Input.ReadAtLeastAsync(4).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("ping", Encoding.ASCII.GetString(read.Buffer.FirstSpan[..4]));
        connection.Transport.Input.AdvanceTo(read.Buffer.GetPosition(4));

        await connection.Transport.Output.WriteAsync("pong"u8.ToArray());
        var buffer = new byte[4];
        Assert.Equal(4, await client.ReceiveAsync(buffer).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("pong", Encoding.ASCII.GetString(buffer));
        await connection.DisposeAsync();
    }

    [Fact]
    public async Task Unbinding_with_an_accept_in_flight_ends_it_and_leaves_the_socket_listening_for_the_supervisor()
    {
        var listener = await BindAsync();
        var accepting = listener.AcceptAsync().AsTask();

        await listener.UnbindAsync();

        // Kestrel's accept loop ends on null, without an error.
        Assert.Null(await accepting.WaitAsync(TimeSpan.FromSeconds(10)));
        // The socket is shared: unbinding closes only the service's copy. (.NET's connect(AF_UNSPEC),
        // used to unblock a close that races a thread inside accept(2), would take it out of LISTEN
        // for every process; that race is too narrow to force here, so this checks the outcome.)
        Assert.True(_supervisor.IsListening);
        using var client = await _supervisor.ConnectAsync();
        using var queued = await _supervisor.Socket.AcceptAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(client.LocalEndPoint, queued.RemoteEndPoint);
    }

    [Fact]
    public async Task After_unbinding_the_service_takes_no_connection_and_the_next_process_can()
    {
        var first = await BindAsync();
        await first.UnbindAsync();
        Assert.Null(await first.AcceptAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));

        // The next process of an overlapped restart, on the same socket.
        using var next = new InheritedListenerFactory(NullLoggerFactory.Instance);
        var listener = await next.BindAsync(_supervisor.Inherited());
        using var client = await _supervisor.ConnectAsync();
        var connection = await listener.AcceptAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(client.LocalEndPoint, connection!.RemoteEndPoint);
        await connection.DisposeAsync();
        await listener.UnbindAsync();
    }

    [Fact]
    public async Task Stop_accepting_unbinds_every_listener_completes_AcceptStopped_and_refuses_new_binds()
    {
        using var other = SupervisorSocket.Tcp();
        var one = await BindAsync();
        var two = await _factory.BindAsync(other.Inherited());
        var accepting = new[] { one.AcceptAsync().AsTask(), two.AcceptAsync().AsTask() };
        Assert.False(_factory.AcceptStopped.IsCompleted);

        await _factory.StopAcceptingAsync();

        await _factory.AcceptStopped.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.All(await Task.WhenAll(accepting).WaitAsync(TimeSpan.FromSeconds(10)), Assert.Null);
        Assert.True(_supervisor.IsListening && other.IsListening);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await _factory.BindAsync(_supervisor.Inherited()));
    }

    [Fact]
    public async Task Only_inherited_descriptors_are_bound()
    {
        Assert.True(_factory.CanBind(_supervisor.Inherited()));
        Assert.False(_factory.CanBind(new IPEndPoint(IPAddress.Loopback, 0)));
        await Assert.ThrowsAsync<NotSupportedException>(async () => await _factory.BindAsync(new IPEndPoint(IPAddress.Loopback, 0)));
    }

    [Fact]
    public async Task The_accept_hook_sees_the_socket_beside_its_connection_as_the_admin_service_reads_peer_credentials()
    {
        var path = Path.Combine(Path.GetTempPath(), $"wk-{Guid.NewGuid():N}.sock");
        try
        {
            using var unix = SupervisorSocket.Unix(path);
            PeerCredentials? seen = null;
            using var factory = new InheritedListenerFactory(NullLoggerFactory.Instance, (socket, connection) =>
            {
                seen = PeerCredentials.Of(socket);
                connection.Items["peer"] = seen;
            });
            var listener = await factory.BindAsync(unix.Inherited());

            using var client = await unix.ConnectAsync();
            var connection = await listener.AcceptAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

            // The client is this process.
            Assert.Equal(Environment.ProcessId, seen?.Pid);
            Assert.Equal(seen, connection!.Items["peer"]);
            await connection.DisposeAsync();
            await listener.UnbindAsync();
        }
        finally
        {
            File.Delete(path);
        }
    }

    public void Dispose()
    {
        _factory.Dispose();
        _supervisor.Dispose();
    }
}
