namespace Wharf.Config.Model;

/// <summary>Canonical lower-case service names, used alike in configuration, logs, metrics, CLI and API.</summary>
public static class ServiceNames
{
    public const string Admin = "admin";
    public const string Www = "www";
    public const string Ftp = "ftp";
    public const string Smtp = "smtp";
    public const string Nntp = "nntp";

    /// <summary>
    /// The services this build has, in the order they start: the only names <c>services</c> in
    /// wharf.json may hold. ftp, smtp and nntp join as they are built (and ServiceCatalog lists
    /// each one's definition and modules).
    /// </summary>
    public static IReadOnlyList<string> All { get; } = [Admin, Www];

    public static bool IsKnown(string name) => All.Contains(name, StringComparer.Ordinal);
}
