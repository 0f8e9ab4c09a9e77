namespace Wharf.Config;

/// <summary>Creates the data root's folders and, with no configuration yet, the default one and a welcome page.</summary>
public static class DataRootInitializer
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>True when it wrote a new default configuration.</summary>
    /// <remarks>
    /// Safe to call at every start: it never replaces a configuration or a page someone wrote.
    /// The schema next to wharf.json belongs to the product, so it is refreshed when it differs.
    /// </remarks>
    public static bool EnsureLayout(DataRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        // The IIS layout (inetpub's wwwroot, ftproot, mailroot, ...), so an IIS administrator finds things where expected.
        string[] folders =
        [
            root.ConfigFolder, root.HistoryFolder, root.BackupsFolder,
            root.LogsFolder, root.RunFolder, root.StateFolder, root.AdminStateFolder,
            root.WwwRoot, root.FtpRoot,
            Path.Combine(root.MailRoot, "Pickup"), Path.Combine(root.MailRoot, "Queue"),
            Path.Combine(root.MailRoot, "Drop"), Path.Combine(root.MailRoot, "Badmail"),
            root.NntpFile,
        ];
        foreach (var folder in folders) Directory.CreateDirectory(folder);
        // Private keys live here; only the owner may list or read them. An existing folder is left as its owner set it.
        Directory.CreateDirectory(root.CertsFolder, OwnerOnly);

        // Made here, by whoever lays out the root, so that a root supervisor can hand it to the
        // admin service's account with the store: that service may not create files in logs/.
        if (!File.Exists(root.AuditLog)) using (File.Create(root.AuditLog)) { }

        RefreshSchema(root);
        // The admin endpoint's certificate, remade whenever it is missing (a fresh root, or an
        // administrator who deleted it to get a new one); other files are named in admin.https.
        SelfSignedCertificate.CreateIfMissing(root.Resolve(Model.AdminHttpsConfig.DefaultCertificateFile), root.Resolve(Model.AdminHttpsConfig.DefaultKeyFile));
        if (File.Exists(root.ConfigFile)) return false;

        var config = DefaultConfig.Create();
        if (!ConfigWriter.TryCreateDurably(root.ConfigFile, ConfigWriter.Serialize(config))) return false;
        WelcomePage.WriteIfNoDefaultDocument(root, config.Sites[0].DefaultDocuments);
        SelfSignedCertificate.CreateIfMissing(root.Resolve(DefaultConfig.CertificateFile), root.Resolve(DefaultConfig.KeyFile));
        return true;
    }

    private static void RefreshSchema(DataRoot root)
    {
        var schema = ConfigSchema.Shipped();
        try
        {
            if (File.Exists(root.SchemaFile) && File.ReadAllText(root.SchemaFile) == schema) return;
            ConfigWriter.WriteDurably(root.SchemaFile, schema);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only editors read the schema; a read-only config folder (a mounted ConfigMap) must not stop Wharf.
        }
    }
}
