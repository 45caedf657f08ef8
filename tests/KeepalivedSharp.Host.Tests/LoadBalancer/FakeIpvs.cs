using KeepalivedSharp.Linux.Ipvs;
using KeepalivedSharp.Linux.Native;

namespace KeepalivedSharp.Host.Tests.LoadBalancer;

/// <summary>
/// IPVS as ip_vs_ctl.c answers the commands (this machine's kernel has no ip_vs): EEXIST for a service or
/// destination that exists, ESRCH for a missing service, ENOENT for a missing destination or an unknown
/// scheduler. Services are matched by identity; every command is recorded.
/// </summary>
internal sealed class FakeIpvs : IIpvs
{
    private static readonly string[] Schedulers = ["rr", "wrr", "lc", "wlc", "sh", "mh", "sed", "nq"];

    public Dictionary<IpvsService, List<IpvsDestination>> Services { get; } = [];

    public List<string> Commands { get; } = [];

    public void Service(IpvsCommand command, IpvsService service)
    {
        Commands.Add($"{command} {service}");
        var id = Find(service);
        switch (command)
        {
            case IpvsCommand.NewService:
                if (id is not null) throw new LinuxNativeException("new service", Errno.EEXIST);
                if (!Schedulers.Contains(service.Scheduler)) throw new LinuxNativeException("new service", Errno.ENOENT);
                Services[service] = [];
                break;
            case IpvsCommand.SetService:
                if (id is null) throw new LinuxNativeException("set service", Errno.ESRCH);
                var dests = Services[id];
                Services.Remove(id);
                Services[service] = dests;
                break;
            case IpvsCommand.DelService:
                if (id is null) throw new LinuxNativeException("del service", Errno.ESRCH);
                Services.Remove(id);
                break;
        }
    }

    public void Destination(IpvsCommand command, IpvsService service, IpvsDestination destination)
    {
        Commands.Add($"{command} {service} -> {destination} w{destination.Weight}");
        var id = Find(service) ?? throw new LinuxNativeException("dest", Errno.ESRCH);
        var list = Services[id];
        var at = list.FindIndex(d => d.Address.Equals(destination.Address) && d.Port == destination.Port);
        switch (command)
        {
            case IpvsCommand.NewDest:
                if (at >= 0) throw new LinuxNativeException("new dest", Errno.EEXIST);
                list.Add(destination);
                break;
            case IpvsCommand.SetDest:
                if (at < 0) throw new LinuxNativeException("set dest", Errno.ENOENT);
                list[at] = destination;
                break;
            case IpvsCommand.DelDest:
                if (at < 0) throw new LinuxNativeException("del dest", Errno.ENOENT);
                list.RemoveAt(at);
                break;
        }
    }

    public IReadOnlyList<IpvsService> ListServices() => [.. Services.Keys];

    public IReadOnlyList<IpvsDestination> ListDestinations(IpvsService service) =>
        Find(service) is { } id ? [.. Services[id]] : throw new LinuxNativeException("list dests", Errno.ESRCH);

    private IpvsService? Find(IpvsService s) => Services.Keys.FirstOrDefault(k =>
        k.Family == s.Family && k.Fwmark == s.Fwmark && k.Protocol == s.Protocol && k.Port == s.Port && Equals(k.Address, s.Address));

    /// <summary>The kernel's defaults (ip_vs_proto_tcp.c 15 min established, 2 min fin; ip_vs_proto_udp.c 5 min).</summary>
    public IpvsTimeouts Timeouts { get; set; } = new(900, 120, 300);

    public void Flush()
    {
        Commands.Add("Flush");
        Services.Clear();
    }

    public IpvsTimeouts GetTimeouts() => Timeouts;

    /// <summary>ip_vs_set_timeout: a 0 leaves that timeout unchanged.</summary>
    public void SetTimeouts(IpvsTimeouts t)
    {
        Commands.Add($"SetConfig {t.Tcp} {t.TcpFin} {t.Udp}");
        Timeouts = new(t.Tcp != 0 ? t.Tcp : Timeouts.Tcp, t.TcpFin != 0 ? t.TcpFin : Timeouts.TcpFin, t.Udp != 0 ? t.Udp : Timeouts.Udp);
    }

    /// <summary>The sync daemons running, by state (ip_vs_sync.c: one master and one backup at most).</summary>
    public Dictionary<IpvsDaemonState, IpvsDaemon> Daemons { get; } = [];

    /// <summary>start_sync_thread: EEXIST when one of that state runs; ENODEV for an interface not in <see cref="Interfaces"/>.</summary>
    public void StartDaemon(IpvsDaemon daemon)
    {
        Commands.Add($"NewDaemon {daemon}");
        if (Daemons.ContainsKey(daemon.State)) throw new LinuxNativeException("new daemon", Errno.EEXIST);
        if (!Interfaces.Contains(daemon.Interface)) throw new LinuxNativeException("new daemon", Errno.ENODEV);
        Daemons[daemon.State] = daemon;
    }

    /// <summary>stop_sync_thread: ESRCH when none of that state runs.</summary>
    public void StopDaemon(IpvsDaemonState state, int syncId)
    {
        Commands.Add($"DelDaemon {state}");
        if (!Daemons.Remove(state)) throw new LinuxNativeException("del daemon", Errno.ESRCH);
    }

    public IReadOnlyList<IpvsDaemon> ListDaemons() => [.. Daemons.Values];

    public HashSet<string> Interfaces { get; } = ["eth0", "eth1"];

    public bool Disposed { get; private set; }

    public void Dispose() => Disposed = true;
}
