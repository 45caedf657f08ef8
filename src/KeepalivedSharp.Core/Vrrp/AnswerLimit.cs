namespace KeepalivedSharp.Core.Vrrp;

/// <summary>
/// keepalived answers every lower-priority (or priority 0) advert a MASTER hears with an advert and
/// its lower-priority GARPs (vrrp.c vrrp_state_master_rx), so a spoofed flood is reflected onto the
/// segment one for one. We answer the first at once, as keepalived does, and then at most one per
/// <see cref="Spacing"/>: a token bucket of one token, refilled every 100 ms, in virtual time. The
/// regular adverts are not limited.
/// </summary>
internal struct AnswerLimit
{
    /// <summary>At most 10 answers per second per instance on average.</summary>
    public static readonly TimeSpan Spacing = TimeSpan.FromMilliseconds(100);

    private TimeSpan? _next;

    /// <summary>True when an answer may go now (and takes the token).</summary>
    public bool TryTake(TimeSpan now)
    {
        if (_next is { } next && now < next) return false;
        _next = now + Spacing;
        return true;
    }
}
