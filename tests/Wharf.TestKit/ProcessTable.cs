namespace Wharf.TestKit;

/// <summary>Reads <c>/proc</c> to find what a service started.</summary>
public static class ProcessTable
{
    /// <summary>Live members of process group <paramref name="group"/> other than its leader.</summary>
    public static IReadOnlyList<int> OtherMembersOfGroup(int group)
    {
        var members = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == group) continue;
            string stat;
            try { stat = File.ReadAllText(Path.Combine(dir, "stat")); }
            catch (IOException) { continue; }
            // Fields after the command name, which ends at the last ')': state, ppid, pgrp.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields[2] == group.ToString() && Signals.IsAlive(pid)) members.Add(pid);
        }
        return members;
    }
}
