using System.Text.Json;
using Wharf.Cli.Commands;

namespace Wharf.Cli.Admin;

/// <summary>The requests of docs/admin-api.md, one method each.</summary>
internal static class AdminApi
{
    public static AdminRequest GetConfig(string? path) => new(HttpMethod.Get, "api/config" + PathQuery(path));

    public static AdminRequest PutConfig(string? path, string json, long? ifMatch) =>
        new(HttpMethod.Put, "api/config" + PathQuery(path), json, ifMatch);

    public static AdminRequest DeleteConfig(string path, long? ifMatch) =>
        new(HttpMethod.Delete, "api/config" + PathQuery(path), IfMatch: ifMatch);

    public static AdminRequest Status() => new(HttpMethod.Get, "api/config/status");

    public static AdminRequest History() => new(HttpMethod.Get, "api/config/history");

    public static AdminRequest Diff(long from, long? to) =>
        new(HttpMethod.Get, $"api/config/diff?from={from}" + (to is { } v ? $"&to={v}" : ""));

    public static AdminRequest Rollback(long version, long? ifMatch) =>
        new(HttpMethod.Post, "api/config/rollback",
            JsonSerializer.Serialize(new RollbackBody(version), CliJsonContext.Default.RollbackBody), ifMatch);

    public static AdminRequest Backups() => new(HttpMethod.Get, "api/config/backups");

    public static AdminRequest Backup(string name) =>
        new(HttpMethod.Post, "api/config/backups", JsonSerializer.Serialize(new BackupBody(name), CliJsonContext.Default.BackupBody));

    public static AdminRequest Restore(string name, long? ifMatch) =>
        new(HttpMethod.Post, $"api/config/backups/{Uri.EscapeDataString(name)}/restore", IfMatch: ifMatch);

    public static AdminRequest AppPools() => new(HttpMethod.Get, "api/apppools");

    public static AdminRequest AppPool(string name) => new(HttpMethod.Get, "api/apppools/" + Uri.EscapeDataString(name));

    public static AdminRequest AddAppPool(string json, long? ifMatch) => new(HttpMethod.Post, "api/apppools", json, ifMatch);

    public static AdminRequest PutAppPool(string name, string json, long? ifMatch) =>
        new(HttpMethod.Put, "api/apppools/" + Uri.EscapeDataString(name), json, ifMatch);

    public static AdminRequest DeleteAppPool(string name, long? ifMatch) =>
        new(HttpMethod.Delete, "api/apppools/" + Uri.EscapeDataString(name), IfMatch: ifMatch);

    /// <summary>start, stop or recycle.</summary>
    public static AdminRequest AppPoolAction(string name, string verb) =>
        new(HttpMethod.Post, $"api/apppools/{Uri.EscapeDataString(name)}/{verb}");

    public static AdminRequest Workers(string? pool) =>
        new(HttpMethod.Get, "api/workers" + (pool is null ? "" : "?pool=" + Uri.EscapeDataString(pool)));

    // The server resolves both spellings (JSON Pointer, or dots and names); the CLI passes the
    // path as typed, so what the administrator wrote is what the error messages name.
    private static string PathQuery(string? path) => path is null ? "" : "?path=" + Uri.EscapeDataString(path);
}
