namespace Wharf.Config.Model;

/// <summary>Canonical lower-case service names, used alike in configuration, logs, metrics, CLI and API.</summary>
public static class ServiceNames
{
    public const string Admin = "admin";
    public const string Www = "www";
    public const string Ftp = "ftp";
    public const string Smtp = "smtp";
    public const string Nntp = "nntp";
}
