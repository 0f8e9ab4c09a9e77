namespace Wharf.Admin.Console;

/// <summary>One file of the web console as the executable carries it: its bytes, type and validator, read once at start.</summary>
internal sealed record ConsoleAsset(string Path, byte[] Content, string ContentType, string ETag);
