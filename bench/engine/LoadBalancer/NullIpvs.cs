using KeepalivedSharp.Linux.Ipvs;

namespace KeepalivedSharp.Bench.Engine.LoadBalancer;

/// <summary>IPVS that takes every command and holds nothing: the bench measures our side of a change, not the kernel's.</summary>
internal sealed class NullIpvs : IIpvs
{
    public long Commands { get; private set; }

    public void Service(IpvsCommand command, IpvsService service) => Commands++;

    public void Destination(IpvsCommand command, IpvsService service, IpvsDestination destination) => Commands++;

    public IReadOnlyList<IpvsService> ListServices() => [];

    public IReadOnlyList<IpvsDestination> ListDestinations(IpvsService service) => [];

    public void Flush() { }

    public IpvsTimeouts GetTimeouts() => new(900, 120, 300);

    public void SetTimeouts(IpvsTimeouts timeouts) { }

    public void StartDaemon(IpvsDaemon daemon) { }

    public void StopDaemon(IpvsDaemonState state, int syncId) { }

    public IReadOnlyList<IpvsDaemon> ListDaemons() => [];

    public void Dispose() { }
}
