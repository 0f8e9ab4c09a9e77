using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wharf.Config.Accounts;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    NewLine = "\n",
    RespectNullableAnnotations = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(AccountsDocument))]
[JsonSerializable(typeof(TokensDocument))]
[JsonSerializable(typeof(SessionsDocument))]
[JsonSerializable(typeof(AdminRole))]
public sealed partial class AccountsJsonContext : JsonSerializerContext;
