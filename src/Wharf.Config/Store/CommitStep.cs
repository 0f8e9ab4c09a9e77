namespace Wharf.Config.Store;

/// <summary>The steps of a commit, in the order <see cref="ConfigStore"/> takes them; a kill can land before any of them.</summary>
public enum CommitStep
{
    /// <summary>wharf.json.tmp written and flushed.</summary>
    TemporaryWrite,

    /// <summary>wharf.json.tmp renamed over wharf.json: from here on the version is committed.</summary>
    Rename,

    /// <summary>config/history/wharf.N.json written.</summary>
    HistoryCopy,

    /// <summary>History beyond maxHistoryFiles deleted.</summary>
    HistoryTrim,

    /// <summary>One line appended to logs/audit.log.</summary>
    AuditLine,

    /// <summary>config-applied sent to the supervisor.</summary>
    Apply,
}

public static class CommitSteps
{
    public static string Words(this CommitStep step) => step switch
    {
        CommitStep.TemporaryWrite => "write of wharf.json.tmp",
        CommitStep.Rename => "rename of wharf.json.tmp over wharf.json",
        CommitStep.HistoryCopy => "history copy",
        CommitStep.HistoryTrim => "history trim",
        CommitStep.AuditLine => "audit line",
        CommitStep.Apply => "apply",
        _ => step.ToString(),
    };
}
