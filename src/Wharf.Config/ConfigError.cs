namespace Wharf.Config;

/// <summary>
/// One thing wrong with a configuration. <see cref="Path"/> is a JSON Pointer to the field
/// (<c>/sites/0/bindings/1/port</c>); <see cref="Message"/> says the value and why it is wrong.
/// </summary>
public sealed record ConfigError(string Path, string Message)
{
    public override string ToString() => $"{(Path.Length == 0 ? "/" : Path)}: {Message}";
}
