namespace KeepalivedSharp.Linux.Ipvs;

/// <summary>
/// The IPVS commands the load balancer issues (<see cref="IpvsClient"/> in the kernel). A refusal throws
/// <see cref="Native.LinuxNativeException"/> with the kernel's errno (ip_vs_ctl.c: EEXIST for an entry that
/// exists, ESRCH for a missing service, ENOENT for a missing destination or scheduler).
/// </summary>
public interface IIpvs : IDisposable
{
    /// <summary>NEW_SERVICE, SET_SERVICE or DEL_SERVICE.</summary>
    void Service(IpvsCommand command, IpvsService service);

    /// <summary>NEW_DEST, SET_DEST or DEL_DEST.</summary>
    void Destination(IpvsCommand command, IpvsService service, IpvsDestination destination);

    IReadOnlyList<IpvsService> ListServices();

    /// <summary>FLUSH: every service and destination, others' too (ipvsadm -C).</summary>
    void Flush();

    /// <summary>GET_CONFIG: the tcp, tcpfin and udp timeouts.</summary>
    IpvsTimeouts GetTimeouts();

    /// <summary>SET_CONFIG; a 0 leaves that timeout unchanged.</summary>
    void SetTimeouts(IpvsTimeouts timeouts);

    IReadOnlyList<IpvsDestination> ListDestinations(IpvsService service);

    /// <summary>NEW_DAEMON: starts a connection sync daemon (EEXIST when one of that state runs).</summary>
    void StartDaemon(IpvsDaemon daemon);

    /// <summary>DEL_DAEMON: stops the daemon of that state (ESRCH when none runs).</summary>
    void StopDaemon(IpvsDaemonState state, int syncId);

    /// <summary>GET_DAEMON: the sync daemons running (ipvsadm -L --daemon).</summary>
    IReadOnlyList<IpvsDaemon> ListDaemons();
}
