using System.Net.Sockets;
using System.Text;
using Wharf.Hosting.Control;

namespace Wharf.Hosting.Tests;

/// <summary>Control channels of <see cref="ControlMessage"/> lines, the way both ends of a service's channel use them.</summary>
internal static class Channels
{
    public static JsonLineChannel<ControlMessage, ControlMessage> Over(Stream stream) =>
        new(stream, HostingJsonContext.Default.ControlMessage, HostingJsonContext.Default.ControlMessage);

    public static JsonLineChannel<ControlMessage, ControlMessage> Over(Socket socket) =>
        Over(new NetworkStream(socket, ownsSocket: false));

    /// <summary>A channel reading <paramref name="text"/> and writing into a stream nobody reads.</summary>
    public static JsonLineChannel<ControlMessage, ControlMessage> Reading(string text) =>
        Over(new MemoryStream(Encoding.UTF8.GetBytes(text)));

    /// <summary>The line a peer would send for <paramref name="message"/>, as the channel itself encodes it.</summary>
    public static string Line(ControlMessage message) =>
        System.Text.Json.JsonSerializer.Serialize(message, HostingJsonContext.Default.ControlMessage) + "\n";
}
