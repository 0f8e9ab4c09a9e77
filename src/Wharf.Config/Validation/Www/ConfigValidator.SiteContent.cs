using Wharf.Config.Model;
using Wharf.Config.Validation;

namespace Wharf.Config;

public static partial class ConfigValidator
{
    private static void ValidateSiteContent(SiteConfig site, string at, Errors errors)
    {
        var mimeAt = at + "/staticContent/mimeMap";
        var firstByExtension = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var m = 0; m < site.StaticContent.MimeMap.Count; m++)
        {
            var entry = site.StaticContent.MimeMap[m];
            var ext = entry.FileExtension;
            if (string.IsNullOrEmpty(ext) || ext[0] != '.' || ext.Length < 2 || ext.AsSpan(1).IndexOfAny("./\\ ") >= 0)
                errors.Add($"{mimeAt}/{m}/fileExtension", $"{Quote(ext)} is not a file extension; write it with its dot, such as \".webmanifest\"");
            else if (!firstByExtension.TryAdd(ext, m))
                errors.Add($"{mimeAt}/{m}/fileExtension", $"{Quote(ext)} is also mapped at {mimeAt}/{firstByExtension[ext]}; an extension has one MIME type");
            if (Syntax.CheckMediaType(entry.MimeType) is { } typeError)
                errors.Add($"{mimeAt}/{m}/mimeType", typeError);
        }
        if (site.StaticContent.ClientCacheMaxAge is { } maxAge)
            NotNegative(maxAge, at + "/staticContent/clientCacheMaxAge", errors);

        if (site.Compression.MinFileSize < 0)
            errors.Add(at + "/compression/minFileSize", $"{site.Compression.MinFileSize} is negative; it is a size in bytes");
        for (var t = 0; t < site.Compression.MimeTypes.Count; t++)
        {
            var type = site.Compression.MimeTypes[t];
            if (!(type is { Length: > 2 } && type.EndsWith("/*", StringComparison.Ordinal) && Syntax.CheckMediaType(type[..^2] + "/x") is null)
                && Syntax.CheckMediaType(type) is { } typeError)
                errors.Add($"{at}/compression/mimeTypes/{t}", typeError + ", or a family such as \"text/*\"");
        }

        var firstByStatus = new Dictionary<int, int>();
        for (var e = 0; e < site.HttpErrors.Count; e++)
        {
            var error = site.HttpErrors[e];
            var errorAt = $"{at}/httpErrors/{e}";
            if (error.StatusCode is < 400 or > 599)
                errors.Add(errorAt + "/statusCode", $"{error.StatusCode} is not an error status; custom error pages are for 400 to 599");
            else if (!firstByStatus.TryAdd(error.StatusCode, e))
                errors.Add(errorAt + "/statusCode", $"{error.StatusCode} already has a page at {at}/httpErrors/{firstByStatus[error.StatusCode]}");
            if (string.IsNullOrWhiteSpace(error.Path))
                errors.Add(errorAt + "/path", $"{Quote(error.Path)} is not a file; name the page, absolute or relative to the site's physicalPath, such as \"errors/404.html\"");
        }

        for (var h = 0; h < site.CustomHeaders.Count; h++)
        {
            var header = site.CustomHeaders[h];
            if (Syntax.CheckHeaderName(header.Name) is { } nameError)
                errors.Add($"{at}/customHeaders/{h}/name", nameError);
            if (header.Value is null || header.Value.Any(c => c is '\r' or '\n' or '\0'))
                errors.Add($"{at}/customHeaders/{h}/value", $"{Quote(header.Value)} is not a header value; it may not contain line breaks");
        }

        ValidateLimits(site.Limits, at + "/limits", errors);
        ValidateLogFile(site.LogFile, at + "/logFile", errors);
    }

    private static void ValidateLimits(SiteLimitsConfig limits, string at, Errors errors)
    {
        if (limits.MaxBandwidth is < 1024)
            errors.Add(at + "/maxBandwidth", $"{limits.MaxBandwidth} is below 1024; the bandwidth limit is bytes per second, 1024 or more (as IIS), or null for unlimited");
        if (limits.MaxConnections is < 1)
            errors.Add(at + "/maxConnections", $"{limits.MaxConnections} is less than 1; allow at least one, or null for unlimited");
        Positive(limits.ConnectionTimeout, at + "/connectionTimeout", errors);
        if (limits.MaxRequestBodyBytes < 0)
            errors.Add(at + "/maxRequestBodyBytes", $"{limits.MaxRequestBodyBytes} is negative; it is a size in bytes");
        if (limits.MaxUrlLength < 1)
            errors.Add(at + "/maxUrlLength", $"{limits.MaxUrlLength} is less than 1");
        if (limits.MaxQueryStringLength < 0)
            errors.Add(at + "/maxQueryStringLength", $"{limits.MaxQueryStringLength} is negative");
    }

    private static void ValidateLogFile(LogFileConfig log, string at, Errors errors)
    {
        if (string.IsNullOrWhiteSpace(log.Directory))
            errors.Add(at + "/directory", $"{Quote(log.Directory)} is not a folder; name one, absolute or relative to the data root, such as \"logs\"");
        if (log.TruncateSize < 1_048_576)
            errors.Add(at + "/truncateSize", $"{log.TruncateSize} is below 1048576; a log file rolls over at 1 MiB or more (as IIS)");
        if (log.Fields.Count == 0)
            errors.Add(at + "/fields", "no fields; list at least one, such as \"date\", \"time\", \"cs-uri-stem\", \"sc-status\"");
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var f = 0; f < log.Fields.Count; f++)
        {
            var field = log.Fields[f];
            if (!W3cFields.Known.Contains(field, StringComparer.OrdinalIgnoreCase))
                errors.Add($"{at}/fields/{f}", $"{Quote(field)} is not a W3C field Wharf writes; use one of: {string.Join(", ", W3cFields.Known)}");
            else if (!seen.Add(field))
                errors.Add($"{at}/fields/{f}", $"{Quote(field)} is listed twice");
        }
    }
}
