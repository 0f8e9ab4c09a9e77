using System.Net;

namespace Wharf.Config;

/// <summary>The page a fresh Default Web Site serves, as IIS's iisstart.htm: it works, here is where, here is how to change it.</summary>
internal static class WelcomePage
{
    public const string FileName = "index.html";

    /// <summary>Writes index.html unless the folder already has a page the site would serve first.</summary>
    public static bool WriteIfNoDefaultDocument(DataRoot root, IEnumerable<string> defaultDocuments)
    {
        if (defaultDocuments.Any(name => File.Exists(Path.Combine(root.WwwRoot, name)))) return false;
        try
        {
            // CreateNew: a page that appeared meanwhile is the administrator's, and stays.
            using var stream = new FileStream(Path.Combine(root.WwwRoot, FileName), FileMode.CreateNew, FileAccess.Write);
            using var writer = new StreamWriter(stream);
            writer.Write(Render(root));
            return true;
        }
        catch (IOException) when (File.Exists(Path.Combine(root.WwwRoot, FileName)))
        {
            return false;
        }
    }

    internal static string Render(DataRoot root)
    {
        var wwwroot = WebUtility.HtmlEncode(root.WwwRoot);
        var config = WebUtility.HtmlEncode(root.ConfigFile);
        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Wharf — Default Web Site</title>
            <style>
              body { margin: 0; font: 16px/1.6 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2733; background: #f4f6f8; }
              main { max-width: 40rem; margin: 12vh auto; padding: 2.5rem 3rem; background: #fff; border-top: 6px solid #1f5f8b; border-radius: 4px; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
              h1 { margin: 0 0 .25rem; font-size: 1.9rem; font-weight: 600; }
              .lead { margin: 0 0 2rem; color: #52606d; }
              h2 { margin: 1.75rem 0 .25rem; font-size: 1rem; text-transform: uppercase; letter-spacing: .06em; color: #1f5f8b; }
              code { font: .9em ui-monospace, "SF Mono", Menlo, Consolas, monospace; background: #eef2f5; padding: .1em .35em; border-radius: 3px; overflow-wrap: anywhere; }
            </style>
            </head>
            <body>
            <main>
              <h1>Wharf</h1>
              <p class="lead">This is the Default Web Site. If you can read this, Wharf is serving it.</p>
              <h2>Where its files live</h2>
              <p>This page is <code>index.html</code> in <code>{{wwwroot}}</code>. Put your own files there,
              or replace this page; Wharf never writes it again.</p>
              <h2>How to change it</h2>
              <p>Use <code>wharf config</code> and <code>wharf site</code> to add sites, bindings and
              application pools, or edit <code>{{config}}</code> while Wharf runs: a valid change is applied
              at once, and an invalid one is refused with the field and the reason.</p>
              <p>This site listens on 127.0.0.1 only, so it is reachable from this machine alone until you add a binding.</p>
              <h2>Learn more</h2>
              <p>The administrator's guide is in the <code>docs/</code> folder that ships with Wharf, one page per service.</p>
            </main>
            </body>
            </html>

            """;
    }
}
