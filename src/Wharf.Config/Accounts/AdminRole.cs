using System.Text.Json.Serialization;

namespace Wharf.Config.Accounts;

/// <summary>
/// What a caller of the admin API may do: <see cref="Read"/> sees status, configuration and
/// metrics and changes nothing (a Prometheus scraper's token); <see cref="Admin"/> does everything.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<AdminRole>))]
public enum AdminRole
{
    [JsonStringEnumMemberName("read")]
    Read,

    [JsonStringEnumMemberName("admin")]
    Admin,
}

public static class AdminRoles
{
    /// <summary>As the API and the files spell it: <c>read</c>, <c>admin</c>.</summary>
    public static string Spell(AdminRole role) =>
        System.Text.Json.JsonSerializer.Serialize(role, AccountsJsonContext.Default.AdminRole).Trim('"');

    public static bool TryParse(string? text, out AdminRole role)
    {
        foreach (var candidate in Enum.GetValues<AdminRole>())
            if (Spell(candidate) == text)
            {
                role = candidate;
                return true;
            }
        role = default;
        return false;
    }
}
