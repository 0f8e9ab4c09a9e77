using Wharf.Config.Model;
using Wharf.Www.Logging;

namespace Wharf.Www.Tests;

public sealed class W3cFileNamesTests
{
    private static DateTime Utc(int y, int m, int d, int h = 0) => new(y, m, d, h, 30, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(LogPeriod.Hourly, "u_ex26120623.log")]
    [InlineData(LogPeriod.Daily, "u_ex261206.log")]
    [InlineData(LogPeriod.Weekly, "u_ex261202.log")]
    [InlineData(LogPeriod.Monthly, "u_ex2612.log")]
    public void Names_files_as_IIS_does(LogPeriod period, string expected)
    {
        // Sunday 6 December 2026: the second week of the month (the first is Tuesday 1 to Saturday 5).
        Assert.Equal(expected, W3cFileNames.ForTime(period, Utc(2026, 12, 6, 23)));
    }

    [Fact]
    public void Size_based_files_are_numbered()
    {
        Assert.Equal("u_extend1.log", W3cFileNames.ForNumber(1));
        Assert.Equal("u_extend12.log", W3cFileNames.ForNumber(12));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 1)]
    [InlineData(6, 2)]
    [InlineData(12, 2)]
    [InlineData(13, 3)]
    [InlineData(27, 5)]
    [InlineData(31, 5)]
    public void Weeks_of_the_month_start_on_sunday(int day, int week)
    {
        Assert.Equal(week, W3cFileNames.WeekOfMonth(Utc(2026, 12, day)));
    }

    [Fact]
    public void A_week_ends_at_sunday_or_at_the_end_of_the_month()
    {
        Assert.Equal(new DateTime(2026, 12, 6, 0, 0, 0, DateTimeKind.Utc), W3cFileNames.PeriodEnd(LogPeriod.Weekly, Utc(2026, 12, 1)));
        // Thursday 31 December: the week would run into January; the month's last file ends with the month.
        Assert.Equal(new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc), W3cFileNames.PeriodEnd(LogPeriod.Weekly, Utc(2026, 12, 31)));
        Assert.Equal(new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc), W3cFileNames.PeriodStart(LogPeriod.Weekly, Utc(2027, 1, 2)));
    }

    [Theory]
    [InlineData(LogPeriod.Hourly, "2026-12-07T00:00:00")]
    [InlineData(LogPeriod.Daily, "2026-12-07T00:00:00")]
    [InlineData(LogPeriod.Monthly, "2027-01-01T00:00:00")]
    public void Periods_end_at_utc_boundaries(LogPeriod period, string end)
    {
        Assert.Equal(DateTime.Parse(end, null, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal),
            W3cFileNames.PeriodEnd(period, Utc(2026, 12, 6, 23)));
    }
}
