using System.Text.Json.Nodes;

namespace Wharf.Cli.Admin;

/// <summary>The account and token requests of docs/admin-api.md (admin role only).</summary>
internal static class AccountApi
{
    public static AdminRequest Users() => new(HttpMethod.Get, "api/admin/users");

    public static AdminRequest AddUser(string name, string role, string password) =>
        new(HttpMethod.Post, "api/admin/users", new JsonObject { ["name"] = name, ["role"] = role, ["password"] = password }.ToJsonString());

    public static AdminRequest Password(string name, string password) =>
        new(HttpMethod.Put, $"api/admin/users/{Uri.EscapeDataString(name)}/password", new JsonObject { ["password"] = password }.ToJsonString());

    public static AdminRequest RemoveUser(string name) => new(HttpMethod.Delete, "api/admin/users/" + Uri.EscapeDataString(name));

    public static AdminRequest Tokens() => new(HttpMethod.Get, "api/admin/tokens");

    public static AdminRequest AddToken(string name, string role) =>
        new(HttpMethod.Post, "api/admin/tokens", new JsonObject { ["name"] = name, ["role"] = role }.ToJsonString());

    public static AdminRequest RemoveToken(string name) => new(HttpMethod.Delete, "api/admin/tokens/" + Uri.EscapeDataString(name));
}
