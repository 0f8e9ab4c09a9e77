namespace Wharf.Config.Store;

/// <summary>Who asked for a change, as the audit log records it: the caller's Unix identity and process.</summary>
public sealed record Actor(string User, uint Uid, int Pid);
