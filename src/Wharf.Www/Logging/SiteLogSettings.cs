using Wharf.Config;
using Wharf.Config.Model;

namespace Wharf.Www.Logging;

/// <summary>What one site's log is written with; replaced whole when a configuration changes it.</summary>
/// <param name="Folder">The site's own folder: &lt;logFile.directory&gt;/W3SVC&lt;id&gt;.</param>
/// <param name="SiteName">s-sitename as IIS writes it: the service instance, W3SVC&lt;id&gt;.</param>
internal sealed record SiteLogSettings(string Folder, LogPeriod Period, long TruncateSize, W3cFieldSet Fields, string SiteName)
{
    public static SiteLogSettings For(SiteConfig site, DataRoot root)
    {
        var instance = "W3SVC" + site.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var folder = Path.Combine(root.Resolve(site.LogFile.Directory), instance);
        return new SiteLogSettings(folder, site.LogFile.Period, site.LogFile.TruncateSize, W3cFieldSet.From(site.LogFile.Fields), instance);
    }

    // Records compare the field set by reference; two sets with the same names are the same header.
    public bool Equals(SiteLogSettings? other) =>
        other is not null && Folder == other.Folder && Period == other.Period && TruncateSize == other.TruncateSize
        && SiteName == other.SiteName && Fields.Names.SequenceEqual(other.Fields.Names);

    public override int GetHashCode() => HashCode.Combine(Folder, Period, TruncateSize, SiteName);
}
