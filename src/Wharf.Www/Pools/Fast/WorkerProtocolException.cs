namespace Wharf.Www.Pools.Fast;

/// <summary>A worker's response broke HTTP/1.1's rules: the client gets a 502 and the connection is closed, never reused.</summary>
internal sealed class WorkerProtocolException(string message) : IOException(message);
