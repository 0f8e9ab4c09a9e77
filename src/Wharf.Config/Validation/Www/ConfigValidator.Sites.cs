using Wharf.Config.Model;
using Wharf.Config.Validation;

namespace Wharf.Config;

public static partial class ConfigValidator
{
    private static void ValidateSites(IReadOnlyList<SiteConfig> sites, HashSet<string> pools, Errors errors)
    {
        var firstByName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var firstById = new Dictionary<long, int>();
        var freeId = SmallestFreeId(sites);
        for (var i = 0; i < sites.Count; i++)
        {
            var site = sites[i];
            var at = $"/sites/{i}";
            if (string.IsNullOrWhiteSpace(site.Name))
                errors.Add(at + "/name", $"{Quote(site.Name)} is not a name; every site needs one, such as \"Default Web Site\"");
            else if (!firstByName.TryAdd(site.Name, i))
                errors.Add(at + "/name", $"{Quote(site.Name)} is also the name of /sites/{firstByName[site.Name]}; site names are unique (ignoring case), as in IIS");

            // A stored file always has ids: the admin API gives a new site the smallest free id
            // before it validates, and a hand edit must give one, as in applicationHost.config.
            if (site.Id < 1)
                errors.Add(at + "/id", $"{site.Id} is not a site id; each site needs its own id of 1 or more (the smallest free one is {freeId})");
            else if (!firstById.TryAdd(site.Id, i))
                errors.Add(at + "/id", $"{site.Id} is also the id of site {Quote(sites[firstById[site.Id]].Name)} (/sites/{firstById[site.Id]}); site ids are unique");

            RequirePhysicalPath(site.PhysicalPath, at, "the site's files", errors);
            RequirePool(site.ApplicationPool, at + "/applicationPool", pools, errors);

            if (site.Bindings.Count == 0)
                errors.Add(at + "/bindings", $"site {Quote(site.Name)} has no bindings; add one such as {{\"protocol\": \"http\", \"address\": \"127.0.0.1\", \"port\": 8080}}");
            for (var j = 0; j < site.Bindings.Count; j++)
                ValidateBinding(site.Bindings[j], $"{at}/bindings/{j}", errors);

            ValidateVirtualDirectories(site.VirtualDirectories, at, errors);
            ValidateApplications(site.Applications, at, pools, errors);
            ValidateSiteContent(site, at, errors);

            for (var d = 0; d < site.DefaultDocuments.Count; d++)
            {
                var document = site.DefaultDocuments[d];
                if (string.IsNullOrWhiteSpace(document) || document.Contains('/'))
                    errors.Add($"{at}/defaultDocuments/{d}", $"{Quote(document)} is not a file name; a default document is a name such as \"index.html\"");
            }
        }
        CheckBindingConflicts(sites, errors);
    }

    private static void ValidateApplications(IReadOnlyList<ApplicationConfig> applications, string siteAt, HashSet<string> pools, Errors errors)
    {
        // URL paths compare ignoring case, as IIS matches them.
        var firstByPath = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var k = 0; k < applications.Count; k++)
        {
            var application = applications[k];
            var at = $"{siteAt}/applications/{k}";
            if (Syntax.CheckUrlPath(application.Path) is { } pathError)
                errors.Add(at + "/path", pathError);
            else if (application.Path == "/")
                errors.Add(at + "/path", "\"/\" is the site's root application; set the site's physicalPath and applicationPool instead");
            else if (!firstByPath.TryAdd(application.Path, k))
                errors.Add(at + "/path", $"{Quote(application.Path)} is also the path of {siteAt}/applications/{firstByPath[application.Path]}; application paths are unique within a site (ignoring case)");

            RequirePhysicalPath(application.PhysicalPath, at, "the application's files", errors);
            RequirePool(application.ApplicationPool, at + "/applicationPool", pools, errors);
            ValidateVirtualDirectories(application.VirtualDirectories, at, errors);
        }
    }

    private static void ValidateVirtualDirectories(IReadOnlyList<VirtualDirectoryConfig> directories, string applicationAt, Errors errors)
    {
        var firstByPath = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var v = 0; v < directories.Count; v++)
        {
            var directory = directories[v];
            var at = $"{applicationAt}/virtualDirectories/{v}";
            if (Syntax.CheckUrlPath(directory.Path) is { } pathError)
                errors.Add(at + "/path", pathError);
            else if (directory.Path == "/")
                errors.Add(at + "/path", "\"/\" is the application's own folder; set its physicalPath instead");
            else if (!firstByPath.TryAdd(directory.Path, v))
                errors.Add(at + "/path", $"{Quote(directory.Path)} is also the path of {applicationAt}/virtualDirectories/{firstByPath[directory.Path]}; virtual directory paths are unique within an application (ignoring case)");
            RequirePhysicalPath(directory.PhysicalPath, at, "the folder it serves", errors);
        }
    }

    private static void RequirePhysicalPath(string? physicalPath, string at, string what, Errors errors)
    {
        if (string.IsNullOrWhiteSpace(physicalPath))
            errors.Add(at + "/physicalPath", $"{Quote(physicalPath)} is not a folder; name the folder of {what}, absolute or relative to the data root");
    }

    private static void RequirePool(string? name, string at, HashSet<string> pools, Errors errors)
    {
        if (name is not null && pools.Contains(name)) return;
        var choice = pools.Count == 0
            ? "there are none; add one to /applicationPools"
            : "add it to /applicationPools or use one of: " + string.Join(", ", pools.Order(StringComparer.Ordinal).Select(Syntax.Quote));
        errors.Add(at, $"{Quote(name)} is not an application pool; {choice}");
    }

    private static long SmallestFreeId(IReadOnlyList<SiteConfig> sites)
    {
        var used = sites.Select(s => s.Id).ToHashSet();
        long id = 1;
        while (used.Contains(id)) id++;
        return id;
    }
}
