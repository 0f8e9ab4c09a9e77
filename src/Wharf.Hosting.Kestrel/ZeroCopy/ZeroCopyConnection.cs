using System.IO.Pipelines;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Wharf.Hosting.Kestrel.ZeroCopy;

/// <summary>
/// Connection middleware for a plain-text listener: puts a <see cref="SkippingPipeWriter"/> in
/// front of the socket's output and leaves the connection's <see cref="FileSender"/> in its items,
/// where <see cref="ZeroCopyFile"/> finds it. TLS listeners must not use it: their bytes on the
/// wire are not the file's.
/// </summary>
public static class ZeroCopyConnection
{
    public static ListenOptions UseZeroCopyFiles(this ListenOptions listen)
    {
        ArgumentNullException.ThrowIfNull(listen);
        listen.Use(next => connection =>
        {
            if (connection.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket)
            {
                var transport = connection.Transport;
                var writer = new SkippingPipeWriter(transport.Output);
                connection.Transport = new Duplex(transport.Input, writer);
                connection.Items[FileSender.ItemKey] = new FileSender(socket, writer);
            }
            return next(connection);
        });
        return listen;
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;
        public PipeWriter Output { get; } = output;
    }
}
