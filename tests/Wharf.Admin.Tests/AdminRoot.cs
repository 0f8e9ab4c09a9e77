using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Wharf.Admin.Api;
using Wharf.Admin.HandEdits;
using Wharf.Config;
using Wharf.Config.Store;
using Wharf.Hosting.Control;

namespace Wharf.Admin.Tests;

/// <summary>
/// A data root under /tmp with version 1 committed, the admin service's store and commit
/// pipeline over it, and the supervisor as the pipeline sees it: a function that answers
/// each request (the real seam, <c>ServiceContext.AskSupervisor</c>).
/// </summary>
internal sealed class AdminRoot : IDisposable
{
    public const string Sample = """
        {
          "version": 1,
          "sites": [
            { "id": 1, "name": "Default Web Site", "physicalPath": "wwwroot", "bindings": [{ "port": 8080 }] }
          ],
          "applicationPools": [{ "name": "DefaultAppPool" }]
        }

        """;

    public static readonly Actor Alice = new("alice", 1000, 4242);

    public AdminRoot()
    {
        Root = new DataRoot(Path.Combine(Path.GetTempPath(), "wa-" + Guid.NewGuid().ToString("N")[..10]));
        Directory.CreateDirectory(Root.ConfigFolder);
        File.WriteAllText(Root.ConfigFile, Sample);
        Store = new ConfigStore(Root, new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture)));
        // As `wharf serve` does at start: version 1 goes into history.
        Assert.IsType<CommitResult.Committed>(Store.KeepStartVersion(Alice));
        Commits = new CommitPipeline(AskAsync, NullLogger.Instance);
        Adoption = new FileAdoption(Root, Store, Commits, (name, detail) => Events.Add((name, detail)), NullLogger.Instance);
    }

    /// <summary>
    /// As the admin service starts: the start-up reconciliation runs first and opens the commit
    /// pipeline. What it asked and reported is forgotten, so tests see only their own.
    /// </summary>
    public async Task StartAsync()
    {
        await new StartupReconciliation(Store, Commits, AskAsync, (name, detail) => Events.Add((name, detail)), NullLogger.Instance).RunAsync();
        Asked.Clear();
        Events.Clear();
    }

    public DataRoot Root { get; }
    public ConfigStore Store { get; }
    public CommitPipeline Commits { get; }
    public FileAdoption Adoption { get; }

    /// <summary>What the supervisor was asked, in order.</summary>
    public List<ControlRequest> Asked { get; } = [];

    /// <summary>The events the service reported: name and detail.</summary>
    public List<(EventName Name, string? Detail)> Events { get; } = [];

    /// <summary>The supervisor's answer to the next request; success unless a test says otherwise.</summary>
    public Func<ControlRequest, ControlReply> Answer { get; set; } = request => request.Command == ControlCommand.Status
        ? new ControlReply { Type = ControlReplyType.Result, Ok = true, ConfigVersion = 1 }
        : new ControlReply { Type = ControlReplyType.Result, Ok = true, Message = $"version {request.Version} applied", ConfigVersion = request.Version };

    private Task<ControlReply> AskAsync(ControlRequest request, CancellationToken cancellationToken)
    {
        lock (Asked) Asked.Add(request);
        return Task.FromResult(Answer(request));
    }

    public string ConfigText
    {
        get => File.ReadAllText(Root.ConfigFile);
        set => File.WriteAllText(Root.ConfigFile, value);
    }

    public void Dispose() => Directory.Delete(Root.Path, recursive: true);
}
