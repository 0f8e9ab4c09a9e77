namespace Wharf.Cli.Reset;

/// <summary>Whether a computer name given to `wharf reset` means this machine.</summary>
internal static class LocalComputer
{
    private static readonly string[] AlwaysLocal = ["localhost", "localhost.localdomain", "127.0.0.1", "::1", "[::1]", "."];

    public static bool IsLocal(string name, IEnumerable<string> ownNames) =>
        AlwaysLocal.Concat(ownNames).Any(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));

    public static IEnumerable<string> OwnNames()
    {
        yield return Environment.MachineName;
        string? dnsName = null;
        try { dnsName = System.Net.Dns.GetHostName(); }
        catch (System.Net.Sockets.SocketException) { }
        if (dnsName is not null) yield return dnsName;
    }
}
