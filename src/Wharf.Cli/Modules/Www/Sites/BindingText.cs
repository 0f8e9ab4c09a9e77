using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Wharf.Cli.Rendering;

namespace Wharf.Cli.Modules.Www.Sites;

/// <summary>
/// A binding as IIS writes it (appcmd's <c>/bindings:http/*:80:www.example.com</c>, the
/// <c>bindingInformation</c> "address:port:host" behind the protocol): <c>[protocol/]address:port[:host]</c>.
/// The protocol is http or https (http when left out); the address is <c>*</c> (or empty) for every
/// address, an IPv4 address, or an IPv6 address in brackets; the host name is optional.
/// </summary>
internal sealed record BindingText(string Protocol, string Address, int Port, string HostName)
{
    public const string Example = "http/127.0.0.1:8081: or https/*:443:www.example.com";

    public bool IsHttps => Protocol == "https";

    /// <summary>The binding, or why the text is not one (naming the part at fault).</summary>
    public static (BindingText? Binding, string? Error) Parse(string text)
    {
        var rest = text.Trim();
        var protocol = "http";
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            protocol = rest[..slash].ToLowerInvariant();
            rest = rest[(slash + 1)..];
            if (protocol is not ("http" or "https"))
                return Fail(text, $"the protocol '{text.Trim()[..slash]}' is neither http nor https");
        }

        string address;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            if (close < 0) return Fail(text, "an IPv6 address opened with '[' is not closed with ']'");
            address = rest[1..close];
            if (!IPAddress.TryParse(address, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
                return Fail(text, $"'{address}' is not an IPv6 address");
            address = v6.ToString();
            rest = rest[(close + 1)..];
            if (!rest.StartsWith(':')) return Fail(text, "the port is missing: write [address]:port");
            rest = rest[1..];
        }
        else
        {
            var colon = rest.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0) return Fail(text, "the port is missing: write address:port, such as *:8081");
            address = rest[..colon];
            rest = rest[(colon + 1)..];
            if (address.Length == 0) address = "*";
            else if (address != "*" && !IsIPv4(address))
                return Fail(text, $"'{address}' is not an IP address; write * for every address, an IPv4 address, or an IPv6 address in brackets (host names go after the port)");
        }

        var hostAt = rest.IndexOf(':', StringComparison.Ordinal);
        var portText = hostAt < 0 ? rest : rest[..hostAt];
        var host = hostAt < 0 ? "" : rest[(hostAt + 1)..];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            return Fail(text, $"'{portText}' is not a port; ports are 1 to 65535");
        if (host.Contains(':', StringComparison.Ordinal) || host.Contains('/', StringComparison.Ordinal))
            return Fail(text, $"'{host}' is not a host name");
        return (new BindingText(protocol, address, port, host.ToLowerInvariant()), null);
    }

    /// <summary>The binding as the configuration holds it (and the admin API takes it).</summary>
    public JsonObject ToJson(string? certificateFile = null, string? keyFile = null)
    {
        var binding = new JsonObject
        {
            ["protocol"] = Protocol,
            ["address"] = Address,
            ["port"] = Port,
        };
        if (HostName.Length > 0) binding["hostName"] = HostName;
        if (certificateFile is not null) binding["certificateFile"] = certificateFile;
        if (keyFile is not null) binding["keyFile"] = keyFile;
        return binding;
    }

    /// <summary>The same binding: protocol, address (one spelling per address), port, host name ignoring case.</summary>
    public bool Matches(JsonNode? binding)
    {
        if (binding is not JsonObject b) return false;
        var other = Of(b);
        return other.Protocol == Protocol && SameAddress(other.Address, Address) && other.Port == Port
            && string.Equals(other.HostName, HostName, StringComparison.OrdinalIgnoreCase);
    }

    public override string ToString()
    {
        var address = Address.Contains(':', StringComparison.Ordinal) ? $"[{Address}]" : Address;
        return string.Create(CultureInfo.InvariantCulture, $"{Protocol}/{address}:{Port}:{HostName}");
    }

    /// <summary>A binding of the configuration (the model's defaults where a field is left out).</summary>
    public static BindingText Of(JsonObject binding) => new(
        (JsonText.String(binding["protocol"]) ?? "http").ToLowerInvariant(),
        JsonText.String(binding["address"]) ?? "*",
        (int)(JsonText.Long(binding["port"]) ?? 0),
        JsonText.String(binding["hostName"]) ?? "");

    /// <summary>A binding of the configuration in IIS's form, <c>http/127.0.0.1:8080:</c>.</summary>
    public static string Format(JsonNode? binding) => binding is JsonObject b ? Of(b).ToString() : JsonText.OneLineOf(binding);

    private static bool SameAddress(string a, string b) =>
        a == b || (IPAddress.TryParse(a, out var x) && IPAddress.TryParse(b, out var y) && x.Equals(y));

    // IPAddress.TryParse alone reads "1" as 0.0.0.1; a binding names four dotted numbers.
    private static bool IsIPv4(string text) =>
        text.Split('.') is { Length: 4 } parts
        && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit))
        && IPAddress.TryParse(text, out var ip) && ip.AddressFamily == AddressFamily.InterNetwork;

    private static (BindingText?, string?) Fail(string text, string why) =>
        (null, $"'{text}' is not a binding ({why}); write protocol/address:port:host, such as {Example}");
}
