using System.Text.Json.Serialization;

namespace Wharf.Config.Store;

/// <summary>One line of <c>logs/audit.log</c>, in the order docs/admin-api.md shows its fields.</summary>
/// <param name="Version">The version committed, or the one a backup holds.</param>
/// <param name="PreviousVersion">The version a commit replaced; null for backups and a first configuration.</param>
/// <param name="Changes">The JSON Pointers the commit changed.</param>
public sealed record AuditEntry(
    [property: JsonConverter(typeof(AuditTimeConverter))] DateTimeOffset Time,
    string User,
    uint Uid,
    int Pid,
    string Action,
    long Version,
    long? PreviousVersion,
    IReadOnlyList<string> Changes,
    string? Detail)
{
    public const string Set = "set";
    public const string Replace = "replace";
    public const string Delete = "delete";
    public const string Rollback = "rollback";
    public const string Restore = "restore";
    public const string HandEdit = "hand-edit";
    public const string Recovered = "recovered";
    public const string Backup = "backup";
    public const string DeleteBackup = "delete-backup";

    // Operations on the running host (the admin API's services and reset endpoints); they commit
    // nothing, so the version is the one committed at the time.
    public const string ServiceStart = "service-start";
    public const string ServiceStop = "service-stop";
    public const string ServiceRestart = "service-restart";
    public const string Reset = "reset";
    public const string EndNow = "end-now";
}
