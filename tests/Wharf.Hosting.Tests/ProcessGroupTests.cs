namespace Wharf.Hosting.Tests;

public sealed class ProcessGroupTests
{
    [Theory]
    [InlineData("1234 (wharf) S 1 1234 1234 0 -1 4194560", 1234)]
    [InlineData("77 (a (b) c) R 5 900 900 0", 900)]
    [InlineData("78 (x y) Z 5 12 12", 12)]
    public void The_group_is_read_after_the_command_name_whatever_it_holds(string stat, int group)
    {
        Assert.Equal(group, ProcStat.Parse(1, stat)?.Group);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12 (truncated")]
    [InlineData("12 (x) S 1")]
    public void A_malformed_stat_line_has_no_group(string stat)
    {
        Assert.Null(ProcStat.Parse(1, stat));
    }

    [Fact]
    public void This_test_process_is_a_member_of_its_own_group()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        Assert.Contains(Environment.ProcessId, ProcessGroup.MembersOf(ProcStat.Parse(Environment.ProcessId, stat)!.Value.Group));
    }
}
