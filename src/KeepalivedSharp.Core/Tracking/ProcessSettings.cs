namespace KeepalivedSharp.Core.Tracking;

/// <summary>
/// A vrrp_track_process's delays (keepalived 2.2.7 track_process.c): a gained quorum counts only
/// once it has held for <see cref="ForkDelay"/>, a lost one once it has held for
/// <see cref="TerminateDelay"/>; a change that reverts within its delay causes nothing.
/// </summary>
public sealed record ProcessSettings(string Name)
{
    public TimeSpan ForkDelay { get; init; }
    public TimeSpan TerminateDelay { get; init; }
}
