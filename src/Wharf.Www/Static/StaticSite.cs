using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wharf.Config.Model;

namespace Wharf.Www.Static;

/// <summary>
/// One site's static content: ASP.NET Core's DefaultFiles then StaticFiles middleware over the
/// site's own folder, composed once per site when the routing snapshot is built, so a request
/// pays no per-request option lookup. What neither serves is a 404.
/// </summary>
internal static class StaticSite
{
    public static RequestDelegate Build(
        SiteConfig site,
        string physicalPath,
        IWebHostEnvironment environment,
        IContentTypeProvider contentTypes,
        ILoggerFactory loggerFactory)
    {
        // PhysicalFileProvider creates no file watcher until asked to watch, which we never do,
        // so the providers of a replaced snapshot need no disposal.
        var files = new PhysicalFileProvider(physicalPath);

        var staticFiles = new StaticFileMiddleware(
            ErrorPages.NotFound,
            environment,
            Options.Create(new StaticFileOptions { FileProvider = files, ContentTypeProvider = contentTypes }),
            loggerFactory);

        // The site's order, as IIS's <defaultDocument> list.
        var defaultFiles = new DefaultFilesMiddleware(
            staticFiles.Invoke,
            environment,
            Options.Create(new DefaultFilesOptions { FileProvider = files, DefaultFileNames = [.. site.DefaultDocuments] }));

        return defaultFiles.Invoke;
    }
}
