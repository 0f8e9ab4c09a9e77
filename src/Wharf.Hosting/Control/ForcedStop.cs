namespace Wharf.Hosting.Control;

/// <summary>
/// A process the supervisor killed at its deadline, and what it was holding then, as far as the
/// supervisor knows: the last <see cref="HoldingReport"/> the process sent, and how old it was.
/// </summary>
public sealed record ForcedStop
{
    public required int Pid { get; init; }

    /// <summary>The deadline it was given, in seconds.</summary>
    public required double DeadlineSeconds { get; init; }

    /// <summary>Its last report; null when it never sent one.</summary>
    public HoldingReport? Held { get; init; }

    /// <summary>Set when it was ended before its deadline, at someone's request (end now): who asked.</summary>
    public string? EndedNowBy { get; init; }

    /// <summary>How long before the kill <see cref="Held"/> was received.</summary>
    public double? ReportAgeSeconds { get; init; }
}
