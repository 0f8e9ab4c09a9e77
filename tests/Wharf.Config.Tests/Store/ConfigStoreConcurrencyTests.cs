using System.Collections.Concurrent;
using System.Diagnostics;
using Wharf.Config.Store;
using static Wharf.Config.Tests.Store.StoreRoot;

namespace Wharf.Config.Tests.Store;

public sealed class ConfigStoreConcurrencyTests
{
    [Fact]
    public void Two_stores_on_one_root_committing_from_many_threads_with_If_Match_lose_nothing()
    {
        using var s = new StoreRoot();
        Is<CommitResult.Committed>(s.Set("/maxHistoryFiles", 1000));
        ConfigStore[] stores = [new(s.Root, s.Clock), new(s.Root, s.Clock)];
        const int Threads = 4;
        const int CommitsEach = 5;
        var wins = new ConcurrentBag<(long IfMatch, string Value, CommitResult.Committed Result)>();
        var failures = new ConcurrentBag<Exception>();
        using var start = new Barrier(Threads);

        var workers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            try
            {
                var store = stores[t % stores.Length];
                start.SignalAndWait();
                for (var n = 0; n < CommitsEach;)
                {
                    // Read, then commit against what was read: another thread may get there first.
                    var seen = store.Current()!.Version;
                    var value = $"t{t}-{n}";
                    var result = store.Commit(doc => ConfigPath.Set(doc, "/sites/0/physicalPath", value), seen, Alice, AuditEntry.Set);
                    switch (result)
                    {
                        case CommitResult.Committed committed:
                            wins.Add((seen, value, committed));
                            n++;
                            break;
                        case CommitResult.Conflict conflict:
                            Assert.True(conflict.CurrentVersion > seen);
                            break;
                        default:
                            throw new InvalidOperationException($"unexpected {result}");
                    }
                }
            }
            catch (Exception e)
            {
                failures.Add(e);
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        Assert.All(workers, w => Assert.True(w.Join(TimeSpan.FromSeconds(120))));
        Assert.Empty(failures);

        var ordered = wins.OrderBy(w => w.Result.Now.Version).ToList();
        // One winner per version, versions strictly increasing with no gap.
        Assert.Equal(Enumerable.Range(3, Threads * CommitsEach).Select(v => (long)v), ordered.Select(w => w.Result.Now.Version));
        for (var i = 0; i < ordered.Count; i++)
        {
            var (ifMatch, value, result) = ordered[i];
            Assert.Equal(ifMatch, result.Previous!.Version);
            Assert.Equal(ifMatch + 1, result.Now.Version);
            Assert.Equal(value, s.Store.ReadVersion(result.Now.Version)!.Config.Sites[0].PhysicalPath);
            // Each commit was made on top of the one before it: no update was lost in between.
            if (i > 0) Assert.Equal(ordered[i - 1].Value, result.Previous.Config.Sites[0].PhysicalPath);
        }
        Assert.Equal(ordered[^1].Value, s.Store.Current()!.Config.Sites[0].PhysicalPath);
        Assert.Equal(Enumerable.Range(2, Threads * CommitsEach + 1).Select(v => (long)v), s.Store.Audit.ReadRecent(1000).Select(e => e.Version));
    }

    [Fact]
    public async Task A_commit_waits_while_another_process_holds_the_lock()
    {
        using var s = new StoreRoot();
        using var holder = HoldLock(s, "echo locked; read _");
        Assert.Equal("locked", holder.StandardOutput.ReadLine());

        var commit = Task.Run(() => s.Set("/sites/0/physicalPath", "a"));
        await WaitingInFlockAsync(LockFile(s));
        Assert.False(commit.IsCompleted, "the commit is blocked in flock(2)");
        holder.StandardInput.Close(); // read sees end of file, the script ends, flock(1) unlocks

        Assert.Equal(2, Is<CommitResult.Committed>(await commit.WaitAsync(TimeSpan.FromSeconds(30))).Now.Version);
    }

    [Fact]
    public async Task A_lock_holder_killed_with_SIGKILL_leaves_the_store_unlocked()
    {
        using var s = new StoreRoot();
        using var holder = HoldLock(s, "echo locked; exec sleep 600");
        Assert.Equal("locked", holder.StandardOutput.ReadLine());

        var commit = Task.Run(() => s.Set("/sites/0/physicalPath", "a"));
        await WaitingInFlockAsync(LockFile(s));
        holder.Kill(entireProcessTree: true); // SIGKILL: no chance to unlock

        // A timeout here means the lock outlived the process that held it.
        Assert.Equal(2, Is<CommitResult.Committed>(await commit.WaitAsync(TimeSpan.FromSeconds(30))).Now.Version);
    }

    private static string LockFile(StoreRoot s) => Path.Combine(s.Root.ConfigFolder, ".lock");

    /// <summary>flock(1) takes the same flock the store takes, from another process, while <paramref name="script"/> runs.</summary>
    private static Process HoldLock(StoreRoot s, string script)
    {
        var info = new ProcessStartInfo("flock") { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        // -o: the script does not inherit the lock, so killing flock itself releases it.
        foreach (var argument in new[] { "-o", LockFile(s), "-c", script }) info.ArgumentList.Add(argument);
        return Process.Start(info)!;
    }

    /// <summary>
    /// Completes once this process waits in flock(2) on <paramref name="path"/>: the kernel lists
    /// a blocked waiter in /proc/locks as "N: -> FLOCK ADVISORY WRITE PID MAJ:MIN:INODE 0 EOF".
    /// </summary>
    private static async Task WaitingInFlockAsync(string path)
    {
        var inode = Process.Start(new ProcessStartInfo("stat", ["-c", "%i", path]) { RedirectStandardOutput = true })!.StandardOutput.ReadToEnd().Trim();
        var pid = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        bool Waiting() => File.ReadLines("/proc/locks")
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Any(f => f.Length >= 7 && f[1] == "->" && f[2] == "FLOCK" && f[5] == pid && f[6].EndsWith(":" + inode, StringComparison.Ordinal));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!Waiting()) await Task.Delay(10, timeout.Token);
    }
}
