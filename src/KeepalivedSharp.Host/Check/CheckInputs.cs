using KeepalivedSharp.Core.Check;

namespace KeepalivedSharp.Host.Check;

/// <summary>What reaches the check loop from outside: probe results, track_file readings, VIP presence (ha_suspend).</summary>
public abstract record CheckInput
{
    /// <summary>Inputs of the same key replace each other while queued; probe results never do.</summary>
    public virtual object? CoalesceKey => null;
}

/// <summary>Probe <paramref name="Probe"/> finished (see <see cref="CheckEngine.ProbeDone"/>).</summary>
public sealed record ProbeFinished(long Probe, bool Success, int? ExitStatus, string? Detail, bool Rescheduled = false) : CheckInput;

/// <summary>FILE_CHECK: the tracked file of <paramref name="Checker"/> now reads <paramref name="Value"/>.</summary>
public sealed record FileRead(CheckerRef Checker, long Value) : CheckInput
{
    public override object? CoalesceKey => Checker;
}

/// <summary>ha_suspend: whether a virtual server's address is on a local interface.</summary>
public sealed record VipPresent(string VirtualServer, bool Present) : CheckInput
{
    public override object? CoalesceKey => ("vip", VirtualServer);
}
