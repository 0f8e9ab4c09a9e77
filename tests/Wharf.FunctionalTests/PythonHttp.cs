using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.TestKit;

namespace Wharf.FunctionalTests;

/// <summary>One request with Python's http.client, which sends the path exactly as given and decodes nothing.</summary>
public static class PythonHttp
{
    private const string Script = """
        import base64, gzip, http.client, json, sys
        port, method, path, headers = int(sys.argv[1]), sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        c.putrequest(method, path, skip_accept_encoding=True)
        for k, v in headers.items():
            c.putheader(k, v)
        c.endheaders()
        r = c.getresponse()
        body = r.read()
        decoded = gzip.decompress(body) if r.getheader("Content-Encoding") == "gzip" else body
        print(json.dumps({"status": r.status, "headers": dict(r.getheaders()),
                          "body": base64.b64encode(body).decode(), "decoded": base64.b64encode(decoded).decode()}))
        """;

    public static async Task<(int Status, JsonObject Headers, byte[] Body, byte[] Decoded)> RequestAsync(
        int port, string method, string path, IReadOnlyDictionary<string, string>? headers = null)
    {
        var result = await CommandResult.RunAsync("python3",
            ["-c", Script, port.ToString(System.Globalization.CultureInfo.InvariantCulture), method, path, JsonSerializer.Serialize(headers ?? new Dictionary<string, string>())]);
        Assert.True(result.ExitCode == 0, result.ToString());
        var answer = JsonNode.Parse(result.StandardOutput)!;
        return ((int)answer["status"]!, answer["headers"]!.AsObject(),
            Convert.FromBase64String((string)answer["body"]!), Convert.FromBase64String((string)answer["decoded"]!));
    }
}
