using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Wharf.Cli.Admin;
using Wharf.Cli.Commands;
using Wharf.Cli.Modules.Www.Sites;
using Wharf.Hosting;

namespace Wharf.Cli.Modules.Www;

/// <summary>`wharf site binding add|remove NAME BINDING`: one binding of one site, in IIS's protocol/address:port:host form.</summary>
internal static class BindingCommands
{
    public static Command Create(Option<string?> root, CliConsole console)
    {
        var binding = new Command("binding", "Add or remove one binding of a site (protocol/address:port:host).");
        binding.Add(Add(root, console));
        binding.Add(Remove(root, console));
        return binding;
    }

    private static Command Add(Option<string?> root, CliConsole console)
    {
        var name = new Argument<string>("NAME") { Description = SiteCommands.NameHelp };
        var text = new Argument<string>("BINDING") { Description = $"protocol/address:port:host ({BindingText.Example})." };
        var (cert, key) = SiteChangeCommands.CertificateOptions("this binding");
        var json = ServiceCommands.JsonOption();
        var add = new Command("add", "Add a binding to a site; a new address or port is listened on at once.") { name, text, cert, key, json };
        add.SetAction((result, token) =>
        {
            var (binding, error) = BindingText.Parse(result.GetValue(text)!);
            if (binding is null) return Task.FromResult(SiteCommands.Usage(console, "site binding add", error!));
            var certificate = result.GetValue(cert);
            var keyFile = result.GetValue(key);
            if (SiteChangeCommands.CheckCertificates([binding], certificate, keyFile) is { } wrong)
                return Task.FromResult(SiteCommands.Usage(console, "site binding add", wrong));

            return SiteCommands.ChangeAsync(result, root, json, console, token, (document, version) =>
            {
                if (SiteChangeCommands.Found(document, result.GetValue(name)!) is not { } site)
                    return SitePlan.NotFound(SiteDocument.NoSuchSite(document, result.GetValue(name)!));
                if ((site.Site["bindings"] as JsonArray ?? []).Any(binding.Matches))
                    return new SitePlan.AlreadySo($"site {site.Described} already has the binding {binding}");
                return SiteChangeCommands.Append(document, site.Pointer + "/bindings", binding.ToJson(certificate, keyFile), version,
                    $"added binding {binding} to site {site.Described}");
            });
        });
        return add;
    }

    private static Command Remove(Option<string?> root, CliConsole console)
    {
        var name = new Argument<string>("NAME") { Description = SiteCommands.NameHelp };
        var text = new Argument<string>("BINDING") { Description = "The binding to remove, as `wharf site show NAME` lists it (protocol/address:port:host)." };
        var json = ServiceCommands.JsonOption();
        var remove = new Command("remove", "Remove a binding from a site; a port no site binds any more is closed.") { name, text, json };
        remove.SetAction((result, token) =>
        {
            var (binding, error) = BindingText.Parse(result.GetValue(text)!);
            if (binding is null) return Task.FromResult(SiteCommands.Usage(console, "site binding remove", error!));

            return SiteCommands.ChangeAsync(result, root, json, console, token, (document, version) =>
            {
                if (SiteChangeCommands.Found(document, result.GetValue(name)!) is not { } site)
                    return SitePlan.NotFound(SiteDocument.NoSuchSite(document, result.GetValue(name)!));
                var bindings = site.Site["bindings"] as JsonArray ?? [];
                var index = bindings.Select((b, i) => (b, i)).FirstOrDefault(x => binding.Matches(x.b), (null, -1)).Item2;
                if (index < 0)
                {
                    var has = bindings.Count == 0 ? "it has none" : "its bindings are " + string.Join(", ", bindings.Select(BindingText.Format));
                    return SitePlan.NotFound($"site {site.Described} has no binding {binding}; {has}");
                }
                return new SitePlan.Change(
                    AdminApi.DeleteConfig(string.Create(CultureInfo.InvariantCulture, $"{site.Pointer}/bindings/{index}"), version),
                    $"removed binding {BindingText.Format(bindings[index])} from site {site.Described}");
            });
        });
        return remove;
    }
}
