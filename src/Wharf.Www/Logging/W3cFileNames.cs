using System.Globalization;
using Wharf.Config.Model;

namespace Wharf.Www.Logging;

/// <summary>
/// IIS's W3C log file names (UTF-8 files get the u_ prefix): u_exYYMMDDHH.log hourly,
/// u_exYYMMDD.log daily, u_exYYMMWW.log weekly (WW the week of the month, weeks starting on
/// Sunday), u_exYYMM.log monthly, u_extendN.log by size. Times are UTC (localTimeRollover=false).
/// </summary>
internal static class W3cFileNames
{
    /// <summary>The name of the file an entry at <paramref name="utc"/> belongs in (not for <see cref="LogPeriod.MaxSize"/>).</summary>
    public static string ForTime(LogPeriod period, DateTime utc) => period switch
    {
        LogPeriod.Hourly => "u_ex" + utc.ToString("yyMMddHH", CultureInfo.InvariantCulture) + ".log",
        LogPeriod.Daily => "u_ex" + utc.ToString("yyMMdd", CultureInfo.InvariantCulture) + ".log",
        LogPeriod.Weekly => "u_ex" + utc.ToString("yyMM", CultureInfo.InvariantCulture) + WeekOfMonth(utc).ToString("00", CultureInfo.InvariantCulture) + ".log",
        LogPeriod.Monthly => "u_ex" + utc.ToString("yyMM", CultureInfo.InvariantCulture) + ".log",
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, "a size-based log has numbered names"),
    };

    /// <summary>When the period holding <paramref name="utc"/> began; entries before it never reopen an older file.</summary>
    public static DateTime PeriodStart(LogPeriod period, DateTime utc) => period switch
    {
        LogPeriod.Hourly => new DateTime(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, DateTimeKind.Utc),
        LogPeriod.Daily => utc.Date,
        LogPeriod.Weekly => WeekStart(utc),
        LogPeriod.Monthly => new DateTime(utc.Year, utc.Month, 1, 0, 0, 0, DateTimeKind.Utc),
        _ => DateTime.MinValue,
    };

    /// <summary>When the period holding <paramref name="utc"/> ends: the next file begins then.</summary>
    public static DateTime PeriodEnd(LogPeriod period, DateTime utc)
    {
        var start = PeriodStart(period, utc);
        switch (period)
        {
            case LogPeriod.Hourly: return start.AddHours(1);
            case LogPeriod.Daily: return start.AddDays(1);
            case LogPeriod.Monthly: return start.AddMonths(1);
            case LogPeriod.Weekly:
                var nextSunday = utc.Date.AddDays(7 - (int)utc.DayOfWeek);
                var nextMonth = new DateTime(utc.Year, utc.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1);
                return nextSunday < nextMonth ? nextSunday : nextMonth;
            default: return DateTime.MaxValue;
        }
    }

    public static string ForNumber(int number) => "u_extend" + number.ToString(CultureInfo.InvariantCulture) + ".log";

    /// <summary>The highest N of the u_extendN.log files in <paramref name="folder"/>, or 0.</summary>
    public static int HighestNumber(string folder)
    {
        if (!Directory.Exists(folder)) return 0;
        var highest = 0;
        foreach (var path in Directory.EnumerateFiles(folder, "u_extend*.log"))
        {
            var name = Path.GetFileName(path.AsSpan());
            var digits = name["u_extend".Length..^".log".Length];
            if (int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > highest) highest = n;
        }
        return highest;
    }

    /// <summary>1 for the days up to the first Saturday of the month, 2 for the next Sunday to Saturday, and so on.</summary>
    public static int WeekOfMonth(DateTime utc)
    {
        var first = new DateTime(utc.Year, utc.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        return (utc.Day - 1 + (int)first.DayOfWeek) / 7 + 1;
    }

    private static DateTime WeekStart(DateTime utc)
    {
        var sunday = utc.Date.AddDays(-(int)utc.DayOfWeek);
        var month = new DateTime(utc.Year, utc.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        // A week that began in the previous month starts this month's first file on the 1st.
        return sunday < month ? month : sunday;
    }
}
