using KeepalivedSharp.Core.Check;
using KeepalivedSharp.Settings;

namespace KeepalivedSharp.Probes;

/// <summary>One probe attempt the engine asked for (<see cref="RunProbe"/>) with what it probes.</summary>
public sealed record ProbeRequest(CheckerRef Checker, long Probe, int Url, CheckProbe Spec);

/// <summary>
/// One checker type's single attempt. It never throws for a backend's behaviour (a refused, reset,
/// slow or malformed answer is an outcome), finishes by itself within <see cref="CheckProbe.Budget"/>
/// and stops early when <paramref name="cancel"/> fires (shutdown, reload).
/// Sockets are created before the first await, so they live in the caller's network namespace.
/// </summary>
public interface IProbe
{
    Task<ProbeOutcome> RunAsync(ProbeRequest request, CancellationToken cancel);
}
