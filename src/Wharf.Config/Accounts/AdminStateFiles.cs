namespace Wharf.Config.Accounts;

/// <summary>The files of <c>state/admin/</c>, which the admin service alone reads and writes while it runs.</summary>
public sealed class AdminStateFiles(DataRoot root)
{
    public StateFile<AccountsDocument> Accounts { get; } =
        new(Path.Combine(root.AdminStateFolder, "accounts.json"), AccountsJsonContext.Default.AccountsDocument, AccountsDocument.Empty);

    public StateFile<TokensDocument> Tokens { get; } =
        new(Path.Combine(root.AdminStateFolder, "tokens.json"), AccountsJsonContext.Default.TokensDocument, TokensDocument.Empty);

    public StateFile<SessionsDocument> Sessions { get; } =
        new(Path.Combine(root.AdminStateFolder, "sessions.json"), AccountsJsonContext.Default.SessionsDocument, SessionsDocument.Empty);
}
