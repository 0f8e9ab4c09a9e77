using Wharf.Config.Model;
using Wharf.Hosting.Control;
using Wharf.Hosting.Control.Metrics;
using Wharf.Supervisor.Tests.Fakes;

namespace Wharf.Supervisor.Tests;

/// <summary>
/// The supervisor's side of the seam, over fake processes: it enforces what a definition
/// declares, never waits inside an operation for the process that asked for it, and carries out
/// operations on an administrator's behalf (end-now, figures, progress) for a service.
/// </summary>
public sealed class SeamTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task The_committer_is_not_asked_to_reload_its_own_version_and_the_others_are()
    {
        await using var h = new SupervisorHarness();
        var (admin, www) = await h.StartBothAsync();
        var before = new WharfConfig();
        var after = before with { Version = before.Version + 1 };

        var own = await VersionApply.ApplyAsync(h.Admin, before, after, after.Version, false, TimeSpan.FromSeconds(5), admin.Process.Pid).WaitAsync(Wait);
        var other = await VersionApply.ApplyAsync(h.Www, before, after, after.Version, false, TimeSpan.FromSeconds(5), admin.Process.Pid).WaitAsync(Wait);

        Assert.Equal(ApplyOutcome.Applied, own.Kind);
        Assert.Contains("committed", own.Outcome.Message);
        Assert.DoesNotContain(admin.Received, m => m.Type == ControlMessageType.Reload);
        Assert.Equal(ApplyOutcome.Applied, other.Kind);
        Assert.Contains(www.Received, m => m is { Type: ControlMessageType.Reload } && m.Version == after.Version);
    }

    [Fact]
    public async Task A_restart_asked_by_the_admin_service_answers_it_before_waiting_for_its_drain_and_sends_progress_first()
    {
        await using var h = new SupervisorHarness();
        var (admin, www) = await h.StartBothAsync();
        // The old admin process drains only once it has its answer (its request is one of the things it finishes).
        admin.ExitsOnStop = false;

        var replies = await admin.AskAsync(new ControlRequest { Command = ControlCommand.Restart }).WaitAsync(Wait);

        Assert.False(admin.Process.Exited.IsCompleted, "the answer must reach the requester while it still runs");
        Assert.True(admin.StopReceived.IsCompleted, "the requester was asked to stop, as the restart replaces it");
        Assert.Contains(replies[..^1], r => r.Type == ControlReplyType.Progress && r.Service == ServiceNames.Admin);
        var result = replies[^1];
        Assert.True(result is { Type: ControlReplyType.Result, Ok: true }, result.Message);
        Assert.Contains("drains once it has the answer", result.Services!.Single(s => s.Name == ServiceNames.Admin).Message);
        Assert.True(www.Process.Exited.IsCompleted, "the other services' old processes are waited for as usual");
        admin.Process.Exit();
    }

    [Fact]
    public async Task End_now_ends_a_reset_waiting_for_a_drain_and_the_reset_says_so()
    {
        await using var h = new SupervisorHarness();
        var (admin, www) = await h.StartBothAsync();
        www.ExitsOnStop = false;
        var lines = new List<ControlReply>();
        var restart = h.Supervisor.HandleAsync(new ControlRequest { Command = ControlCommand.ServiceRestart, Service = ServiceNames.Www, TimeoutSeconds = 600 },
            "uid 0 (pid 1)", r => { lock (lines) lines.Add(r); return Task.CompletedTask; });
        await www.StopReceived.WaitAsync(Wait);

        var ended = await admin.AskAsync(new ControlRequest { Command = ControlCommand.EndNow }).WaitAsync(Wait);
        await restart.WaitAsync(Wait);

        Assert.Contains($"www pid {www.Process.Pid}", ended[^1].Message);
        Assert.True(www.Process.Exited.IsCompleted);
        var result = lines[^1];
        Assert.True(result is { Type: ControlReplyType.Result, Ok: true }, result.Message);
        Assert.Contains("now, as the admin service", result.Services!.Single(s => s.Name == ServiceNames.Www).Message);
        Assert.Contains(h.Events(), e => e.Event == EventName.EndNow);
    }

    [Fact]
    public async Task End_now_spares_the_process_that_asked_for_the_reset_and_ends_the_others()
    {
        await using var h = new SupervisorHarness();
        var (admin, www) = await h.StartBothAsync();
        // The admin API streams the reset's progress from the process that asked: it must not be cut.
        admin.ExitsOnStop = false;
        www.ExitsOnStop = false;
        var asking = admin.AskAsync(new ControlRequest { Command = ControlCommand.Restart, TimeoutSeconds = 600 });
        await www.StopReceived.WaitAsync(Wait);
        await admin.StopReceived.WaitAsync(Wait);

        var ended = new List<ControlReply>();
        await h.Supervisor.HandleAsync(new ControlRequest { Command = ControlCommand.EndNow }, "uid 0 (pid 1)",
            r => { lock (ended) ended.Add(r); return Task.CompletedTask; }).WaitAsync(Wait);
        var replies = await asking.WaitAsync(Wait);

        Assert.Equal([$"www pid {www.Process.Pid}"], ended[^1].Ended);
        Assert.True(www.Process.Exited.IsCompleted);
        Assert.False(admin.Process.Exited.IsCompleted, "the requester is left to finish its answer");
        Assert.True(replies[^1] is { Type: ControlReplyType.Result, Ok: true, Forced: true }, replies[^1].Message);
        admin.Process.Exit();
    }

    [Fact]
    public async Task Figures_carry_each_service_s_site_counters_typed()
    {
        await using var h = new SupervisorHarness();
        var (admin, www) = await h.StartBothAsync();
        www.Sites = [new SiteFigures { Site = "Default Web Site", Statuses = [new StatusCount(200, 7)], BytesSent = 182, BytesReceived = 10 }];

        var reply = (await admin.AskAsync(new ControlRequest { Command = ControlCommand.Figures }).WaitAsync(Wait))[^1];

        var site = Assert.Single(reply.Sites![ServiceNames.Www]);
        Assert.Equal("Default Web Site", site.Site);
        Assert.Equal([new StatusCount(200, 7)], site.Statuses);
        Assert.Equal(182, site.BytesSent);
        Assert.False(reply.Sites.ContainsKey(ServiceNames.Admin));
    }

    [Fact]
    public async Task Figures_are_asked_of_each_service_process_and_returned_one_object_per_service()
    {
        await using var h = new SupervisorHarness();
        var (admin, www) = await h.StartBothAsync();
        www.Connections = 5;

        var reply = (await admin.AskAsync(new ControlRequest { Command = ControlCommand.Figures }).WaitAsync(Wait))[^1];

        Assert.True(reply is { Type: ControlReplyType.Result, Ok: true }, reply.Message);
        Assert.Equal(5, (long)reply.Figures![ServiceNames.Www]["connections"]!);
        Assert.DoesNotContain(admin.Received, m => m.Type == ControlMessageType.Figures);
    }

    [Fact]
    public async Task A_service_asking_outside_its_declaration_gets_an_error_and_nothing_happens()
    {
        await using var h = new SupervisorHarness();
        var (_, www) = await h.StartBothAsync();

        var reply = (await www.AskAsync(new ControlRequest { Command = ControlCommand.Restart }).WaitAsync(Wait))[^1];

        Assert.Equal(ControlReplyType.Error, reply.Type);
        Assert.Contains("may not ask", reply.Message);
        Assert.DoesNotContain(h.Events(), e => e.Event == EventName.Reset);
    }

    [Fact]
    public async Task Only_a_service_declared_to_report_the_configurations_health_sets_the_status_note()
    {
        await using var h = new SupervisorHarness();
        var (admin, www) = await h.StartBothAsync();

        await www.ReportAsync(EventName.ConfigInvalid, "from www");
        // Lines on one channel are handled in order: once this answer is back, the event before it was handled.
        await www.AskAsync(new ControlRequest { Command = ControlCommand.Status }).WaitAsync(Wait);
        Assert.Null(h.Context.ConfigNote);
        Assert.DoesNotContain(h.Events(), e => e.Event == EventName.ConfigInvalid);

        await admin.ReportAsync(EventName.ConfigInvalid, "wharf.json is invalid");
        await admin.AskAsync(new ControlRequest { Command = ControlCommand.Status }).WaitAsync(Wait);
        Assert.Equal("wharf.json is invalid", h.Context.ConfigNote);
        Assert.Contains(h.Events(), e => e is { Event: EventName.ConfigInvalid, Service: ServiceNames.Admin });

        await admin.ReportAsync(EventName.ConfigFixed, "valid again");
        await admin.AskAsync(new ControlRequest { Command = ControlCommand.Status }).WaitAsync(Wait);
        Assert.Null(h.Context.ConfigNote);
    }

    [Fact]
    public async Task A_crash_is_cleaned_up_recorded_and_recovered_by_a_new_process()
    {
        await using var h = new SupervisorHarness();
        var (_, www) = await h.StartBothAsync();
        var next = h.Launcher.NextLaunch;

        www.Process.Exit(3);
        var successor = await next.WaitAsync(Wait);

        Assert.True(h.Launcher.CleanedUpAsync(www.Process.Pid).IsCompleted, "its process group is ended and orphans swept before anything else");
        Assert.Contains(h.Events(), e => e is { Event: EventName.Crashed, ExitCode: 3 });
        Assert.Contains(h.Events(), e => e.Event == EventName.Restarting);
        Assert.NotEqual(www.Process.Pid, successor.Process.Pid);
    }
}
