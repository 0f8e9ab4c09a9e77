using System.Reflection;
using System.Text.RegularExpressions;

namespace Wharf.Hosting.Tests;

/// <summary>docs/exit-codes.md mirrors ExitCodes: scripts read the page, the code returns the numbers.</summary>
public sealed partial class ExitCodesTests
{
    private static Dictionary<string, int> InCode() =>
        typeof(ExitCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(int))
            .ToDictionary(f => f.Name, f => (int)f.GetRawConstantValue()!);

    // | 69 | `NotRunning` | ... (the launch step's table names system calls, in lower case: `setrlimit`)
    [GeneratedRegex(@"^\|\s*(\d+)\s*\|\s*`([A-Z]\w*)`\s*\|", RegexOptions.Multiline)]
    private static partial Regex TableRow();

    [Fact]
    public void Every_exit_code_is_on_the_docs_page_with_its_number_and_the_page_names_no_other()
    {
        var page = File.ReadAllText(Path.Combine(Repository.Root, "docs", "exit-codes.md"));
        var documented = TableRow().Matches(page).ToDictionary(m => m.Groups[2].Value, m => int.Parse(m.Groups[1].Value));

        Assert.Equal(InCode().OrderBy(p => p.Key), documented.OrderBy(p => p.Key));
    }

    [Fact]
    public void No_two_exit_codes_share_a_number()
    {
        var codes = InCode();
        Assert.Equal(codes.Count, codes.Values.Distinct().Count());
    }

    [Fact]
    public void Every_code_fits_a_process_exit_status_below_the_shells_signal_range()
    {
        // 128 + N is what a shell reports for a process killed by signal N.
        Assert.All(InCode().Values, code => Assert.InRange(code, 0, 127));
    }
}
