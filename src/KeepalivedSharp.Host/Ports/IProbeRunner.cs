using KeepalivedSharp.Probes;

namespace KeepalivedSharp.Host.Ports;

/// <summary>
/// Where the check engine's probes run: sockets and processes in the daemon, virtual backends in the
/// simulator. Each started probe is answered exactly once with <see cref="Check.ProbeFinished"/>, on the
/// check loop, unless cancelled.
/// </summary>
public interface IProbeRunner
{
    void Start(ProbeRequest request);

    /// <summary>Stops every probe in flight (shutdown, reload); their answers are no longer wanted.</summary>
    void CancelAll();
}
