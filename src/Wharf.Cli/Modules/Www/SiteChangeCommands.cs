using System.CommandLine;
using System.Text.Json.Nodes;
using Wharf.Cli.Admin;
using Wharf.Cli.Commands;
using Wharf.Cli.Modules.Www.Sites;
using Wharf.Cli.Rendering;
using Wharf.Hosting;

namespace Wharf.Cli.Modules.Www;

/// <summary>`wharf site add|remove|start|stop|set`: each one change to <c>/sites</c>, made against the version read.</summary>
internal static class SiteChangeCommands
{
    public static IEnumerable<Command> Create(Option<string?> root, CliConsole console)
    {
        yield return Add(root, console);
        yield return Remove(root, console);
        yield return State(root, console, "start", "started", "Start a stopped site: its requests are served again. The state is kept in the configuration.");
        yield return State(root, console, "stop", "stopped", "Stop a site: its requests are answered 503 while other sites keep serving. The state is kept in the configuration, across restarts.");
        yield return Set(root, console);
    }

    private static Command Add(Option<string?> root, CliConsole console)
    {
        var name = new Argument<string>("NAME") { Description = "The new site's name (unique, ignoring case)." };
        var path = new Option<string>("--path")
        {
            Required = true,
            HelpName = "DIR",
            Description = "The folder of the site's files: absolute, or relative to the data root.",
        };
        var bindings = new Option<string[]>("--binding")
        {
            Required = true,
            HelpName = "BINDING",
            AllowMultipleArgumentsPerToken = false,
            Description = $"protocol/address:port:host, as IIS writes bindings ({BindingText.Example}); repeat for more than one.",
        };
        var pool = new Option<string?>("--pool") { HelpName = "POOL", Description = "The application pool of the site's root application (default: DefaultAppPool)." };
        var id = new Option<long?>("--id") { HelpName = "N", Description = "The site's id (W3SVC<id> in log folders); default: the smallest one free." };
        var (cert, key) = CertificateOptions("every https binding given");
        var json = ServiceCommands.JsonOption();
        var add = new Command("add", "Add a web site with its folder and bindings, and start serving it.") { name, path, bindings, pool, id, cert, key, json };
        add.SetAction((result, token) =>
        {
            var siteName = result.GetValue(name)!.Trim();
            var folder = result.GetValue(path)!;
            var certificate = result.GetValue(cert);
            var keyFile = result.GetValue(key);
            var parsed = new List<BindingText>();
            foreach (var text in result.GetValue(bindings) ?? [])
            {
                var (binding, error) = BindingText.Parse(text);
                if (binding is null) return Task.FromResult(SiteCommands.Usage(console, "site add", error!));
                parsed.Add(binding);
            }
            if (siteName.Length == 0) return Task.FromResult(SiteCommands.Usage(console, "site add", "the site needs a name"));
            if (CheckCertificates(parsed, certificate, keyFile) is { } wrong) return Task.FromResult(SiteCommands.Usage(console, "site add", wrong));

            return SiteCommands.ChangeAsync(result, root, json, console, token, (document, version) =>
            {
                if (SiteDocument.Find(document, siteName) is { } existing)
                    return new SitePlan.Refused($"there is already a site named {existing.Described}; site names are unique, ignoring case", ExitCodes.InvalidConfig);
                var siteId = result.GetValue(id) ?? SiteDocument.SmallestFreeId(document);
                var site = new JsonObject
                {
                    ["id"] = siteId,
                    ["name"] = siteName,
                    ["physicalPath"] = folder,
                    ["bindings"] = new JsonArray(parsed.Select(b => (JsonNode?)(b.IsHttps ? b.ToJson(certificate, keyFile) : b.ToJson())).ToArray()),
                };
                if (result.GetValue(pool) is { } poolName) site["applicationPool"] = poolName;
                var summary = $"added site {SiteDocument.Quote(siteName)} (id {siteId}): {string.Join(", ", parsed)}, files in {folder}";
                return Append(document, "/sites", site, version, summary);
            }, folder);
        });
        return add;
    }

    private static Command Remove(Option<string?> root, CliConsole console)
    {
        var name = new Argument<string>("NAME") { Description = SiteCommands.NameHelp };
        var json = ServiceCommands.JsonOption();
        var remove = new Command("remove", "Remove a site: its bindings stop answering (its files are left alone).") { name, json };
        remove.SetAction((result, token) => SiteCommands.ChangeAsync(result, root, json, console, token, (document, version) =>
            Found(document, result.GetValue(name)!) is not { } site
                ? SitePlan.NotFound(SiteDocument.NoSuchSite(document, result.GetValue(name)!))
                : new SitePlan.Change(AdminApi.DeleteConfig(site.Pointer, version), $"removed site {site.Described}")));
        return remove;
    }

    private static Command State(Option<string?> root, CliConsole console, string verb, string state, string description)
    {
        var name = new Argument<string>("NAME") { Description = SiteCommands.NameHelp };
        var json = ServiceCommands.JsonOption();
        var command = new Command(verb, description) { name, json };
        command.SetAction((result, token) => SiteCommands.ChangeAsync(result, root, json, console, token, (document, version) =>
        {
            if (Found(document, result.GetValue(name)!) is not { } site)
                return SitePlan.NotFound(SiteDocument.NoSuchSite(document, result.GetValue(name)!));
            if (string.Equals(JsonText.String(site.Site["state"]) ?? "started", state, StringComparison.OrdinalIgnoreCase))
                return new SitePlan.AlreadySo($"site {site.Described} is already {state}");
            var what = state == "stopped"
                ? $"site {site.Described} stopped: its requests are answered 503 until `wharf site start {site.Name}`"
                : $"site {site.Described} started";
            return new SitePlan.Change(AdminApi.PutConfig(site.Pointer + "/state", JsonText.Quote(state), version), what);
        }));
        return command;
    }

    private static Command Set(Option<string?> root, CliConsole console)
    {
        var name = new Argument<string>("NAME") { Description = SiteCommands.NameHelp };
        var assignments = new Argument<string[]>("SETTING")
        {
            Arity = ArgumentArity.OneOrMore,
            Description = "key=value, the key a setting as `wharf site show` names it (physicalPath, directoryBrowsing, limits.maxBandwidth, logFile.period, applicationPool, ...); the value JSON where the setting takes JSON, else text.",
        };
        var json = ServiceCommands.JsonOption();
        var set = new Command("set", "Change one or more of a site's settings, all in one version.") { name, assignments, json };
        set.SetAction((result, token) =>
        {
            var (settings, error) = SiteSettings.Parse(result.GetValue(assignments) ?? []);
            if (error is not null) return Task.FromResult(SiteCommands.Usage(console, "site set", error));
            var folders = settings.Where(s => s.Key == "physicalPath").Select(s => JsonText.String(s.Value)).OfType<string>();

            return SiteCommands.ChangeAsync(result, root, json, console, token, (document, version) =>
            {
                if (Found(document, result.GetValue(name)!) is not { } site)
                    return SitePlan.NotFound(SiteDocument.NoSuchSite(document, result.GetValue(name)!));
                var (changed, problem) = SiteSettings.Apply(site.Site, settings);
                if (changed is null) return new SitePlan.Refused($"wharf site set: {problem}", ExitCodes.Usage);
                return new SitePlan.Change(AdminApi.PutConfig(site.Pointer, JsonText.OneLineOf(changed), version),
                    $"changed site {site.Described}: {string.Join(", ", settings.Select(s => s.Key).Distinct())}");
            }, folders);
        });
        return set;
    }

    internal static FoundSite? Found(JsonNode document, string name) => SiteDocument.Find(document, name);

    /// <summary>Appends to the array at <paramref name="pointer"/>, or makes it when the document leaves it out (the model's default).</summary>
    internal static SitePlan Append(JsonNode document, string pointer, JsonObject item, long? version, string summary)
    {
        var exists = pointer.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Aggregate<string, JsonNode?>(document, (node, segment) => node is JsonArray a ? a[int.Parse(segment, System.Globalization.CultureInfo.InvariantCulture)] : node?[segment]) is JsonArray;
        var request = exists
            ? AdminApi.PutConfig(pointer + "/-", JsonText.OneLineOf(item), version)
            : AdminApi.PutConfig(pointer, JsonText.OneLineOf(new JsonArray(item)), version);
        return new SitePlan.Change(request, summary);
    }

    internal static (Option<string?> Certificate, Option<string?> Key) CertificateOptions(string appliesTo) => (
        new Option<string?>("--cert")
        {
            HelpName = "FILE",
            Description = $"https: the certificate, a PEM (chain) or PFX file, absolute or relative to the data root; applies to {appliesTo}.",
        },
        new Option<string?>("--key")
        {
            HelpName = "FILE",
            Description = "https: the PEM private key, when it is not in the --cert file.",
        });

    /// <summary>An https binding needs a certificate and an http one takes none; null when they agree.</summary>
    internal static string? CheckCertificates(IReadOnlyList<BindingText> bindings, string? certificate, string? key)
    {
        if (key is not null && certificate is null) return "--key goes with --cert: name the certificate too";
        var https = bindings.Where(b => b.IsHttps).ToList();
        if (https.Count > 0 && certificate is null)
            return $"{https[0]} is an https binding and needs a certificate: add --cert FILE (and --key FILE when the key is apart)";
        if (https.Count == 0 && certificate is not null)
            return "--cert is for https bindings, and none is given; write the binding as https/address:port:host";
        return null;
    }
}
