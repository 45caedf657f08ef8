using KeepalivedSharp.Core.Check;
using KeepalivedSharp.Linux.Ipvs;

namespace KeepalivedSharp.Host.LoadBalancer;

/// <summary>
/// The table's services and destinations as IPVS rules and back, filled as keepalived fills them
/// (ipvswrapper.c ipvs_set_srule, ipvs_set_drule, ipvs_cmd).
/// </summary>
public static class IpvsRules
{
    /// <summary>
    /// The service rule. Timeout, granularity and persistence engine go only with persistence; without a
    /// granularity the netmask is 0xffffffff (IPv4) or 128 (IPv6). Flags already hold PERSISTENT (CheckSetupBuilder).
    /// </summary>
    public static IpvsService Service(ServiceKey key, ServiceOptions o)
    {
        bool persistent = o.PersistenceTimeout > 0;
        var netmask = persistent && o.Netmask != ServiceOptions.Default.Netmask ? o.Netmask : IpvsService.DefaultNetmask(key.Family);
        return new IpvsService(key.Family, key.IsFwmark ? (ushort)0 : (ushort)key.Protocol, key.Address, key.Port, key.Fwmark,
            o.Scheduler, o.Flags, persistent ? o.PersistenceTimeout : 0, netmask, persistent ? o.PersistenceEngine : null);
    }

    /// <summary>The service rule that only names a service (DEL_SERVICE and the destination commands).</summary>
    public static IpvsService Identity(ServiceKey key) => Service(key, ServiceOptions.Default);

    /// <summary>
    /// The destination rule. DR and TUN real servers take the service's port (0 for a fwmark service):
    /// the packet is not rewritten, so IPVS must match on it (ipvswrapper.c ipvs_cmd).
    /// </summary>
    public static IpvsDestination Destination(ServiceKey service, DestinationKey key, Destination d) =>
        new(key.Address, WirePort(service, key, d.Options.Method), (uint)d.Options.Method, d.Weight,
            d.Options.UpperThreshold, d.Options.LowerThreshold, d.Options.TunnelType, d.Options.TunnelPort, d.Options.TunnelFlags);

    public static ushort WirePort(ServiceKey service, DestinationKey key, ForwardMethod method) =>
        method == ForwardMethod.Masquerade ? key.Port : service.Port;

    /// <summary>The table's key of a listed service; null for a protocol the table has no name for.</summary>
    public static ServiceKey? Key(IpvsService s)
    {
        if (s.IsFwmark) return ServiceKey.ForFwmark(s.Fwmark, s.Family);
        if (s.Address is null || s.Protocol is not ((ushort)LbProtocol.Tcp or (ushort)LbProtocol.Udp or (ushort)LbProtocol.Sctp)) return null;
        return ServiceKey.ForAddress((LbProtocol)s.Protocol, s.Address, s.Port);
    }

    /// <summary>A listed service's options: the default netmask reads back as "no granularity", as the config holds it.</summary>
    public static ServiceOptions Options(IpvsService s) => new(
        s.Scheduler, s.Flags, s.Timeout,
        s.Netmask == IpvsService.DefaultNetmask(s.Family) ? ServiceOptions.Default.Netmask : s.Netmask,
        s.PersistenceEngine);

    /// <summary>
    /// A listed destination, keyed as <paramref name="known"/> keys it when one matches its address and wire
    /// port (a DR real server configured on port 8080 is listed on the service's port).
    /// </summary>
    public static (DestinationKey Key, Destination Destination) Destination(ServiceKey service, IpvsDestination d, ServiceEntry? known)
    {
        var method = (ForwardMethod)(d.ForwardMethod & 0x7);
        var options = method == ForwardMethod.Tunnel
            ? new DestinationOptions(method, d.UpperThreshold, d.LowerThreshold, d.TunnelType, d.TunnelPort, d.TunnelFlags)
            : new DestinationOptions(method, d.UpperThreshold, d.LowerThreshold);
        var key = new DestinationKey(d.Address, d.Port);
        if (known is not null)
        {
            foreach (var (k, v) in known.Destinations)
                if (k.Address.Equals(d.Address) && WirePort(service, k, v.Options.Method) == d.Port && v.Options.Method == method) { key = k; break; }
        }
        return (key, new Destination(options, d.Weight));
    }
}
