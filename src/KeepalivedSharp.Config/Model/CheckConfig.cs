using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;

namespace KeepalivedSharp.Config;

/// <summary>How a virtual_server names its service (check_data.c alloc_vs).</summary>
public enum VirtualServerKind
{
    /// <summary><c>virtual_server IP [PORT]</c>.</summary>
    Address,
    /// <summary><c>virtual_server fwmark N</c>.</summary>
    Fwmark,
    /// <summary><c>virtual_server group NAME</c>.</summary>
    Group,
}

/// <summary><c>protocol TCP|UDP|SCTP</c> (keepalived compares case-insensitively).</summary>
public enum LvsProtocol
{
    Tcp,
    Udp,
    Sctp,
}

/// <summary><c>lvs_method</c> / <c>lb_kind</c>.</summary>
public enum LvsMethod
{
    Nat,
    DirectRoute,
    Tunnel,
}

/// <summary>The tunnel of <c>lvs_method TUN [type ipip|gue|gre]</c> (IP_VS_CONN_F_TUNNEL_TYPE_*).</summary>
public enum TunnelType
{
    Ipip = 0,
    Gue = 1,
    Gre = 2,
}

/// <summary><c>nocsum|csum|remcsum</c> (IP_VS_TUNNEL_ENCAP_FLAG_*).</summary>
public enum TunnelChecksum
{
    NoCsum = 0,
    Csum = 1,
    RemCsum = 2,
}

/// <summary>A forwarding method with its tunnel options.</summary>
public sealed record Forwarding(LvsMethod Method, TunnelType TunnelType = TunnelType.Ipip, ushort TunnelPort = 0,
    TunnelChecksum Checksum = TunnelChecksum.NoCsum)
{
    public static readonly Forwarding Nat = new(LvsMethod.Nat);
}

/// <summary>IPVS service flags as keepalived sets them (linux/ip_vs.h IP_VS_SVC_F_*).</summary>
[Flags]
public enum LvsServiceFlags : uint
{
    None = 0,
    Persistent = 0x1,
    Hashed = 0x2,
    OnePacket = 0x4,
    Sched1 = 0x8,
    Sched2 = 0x10,
    Sched3 = 0x20,
}

/// <summary>
/// A <c>virtual_server</c> as keepalived 2.2.7 holds it after check_data.c validate_check_config: the reported
/// fix-ups (protocol, scheduler, forwarding method, persistence, ports, quorum, hysteresis, duplicates) are
/// applied here; unset inheritable values stay null and are resolved by the settings layer. Defaults are alloc_vs's.
/// </summary>
public sealed record VirtualServerConfig
{
    public required VirtualServerKind Kind { get; init; }
    public required SourceLocation Location { get; init; }
    public IPAddress? Address { get; init; }
    /// <summary>0 = no port (allowed for persistent services only).</summary>
    public ushort Port { get; init; }
    public uint Fwmark { get; init; }
    public string? GroupName { get; init; }
    /// <summary><c>ip_family</c>, else the address's, else that of the (non-tunnelled) real servers; null only for a group.</summary>
    public AddressFamily? Family { get; init; }
    /// <summary>null: not set (validation sets UDP for an address service; a fwmark service has none).</summary>
    public LvsProtocol? Protocol { get; init; }
    /// <summary><c>lvs_sched</c> / <c>lb_algo</c>; validation sets wlc when unset.</summary>
    public string? Scheduler { get; init; }
    public LvsServiceFlags Flags { get; init; }
    /// <summary>The default for real servers; validation sets NAT when one needs it.</summary>
    public Forwarding? Forwarding { get; init; }
    /// <summary>Seconds; 0 = not persistent.</summary>
    public uint PersistenceTimeout { get; init; }
    /// <summary>IPv4: a netmask in network order as keepalived stores it; IPv6: a prefix length.</summary>
    public uint PersistenceGranularity { get; init; } = 0xffffffff;
    public string? PersistenceEngine { get; init; }
    public bool HaSuspend { get; init; }
    public bool Alpha { get; init; }
    public bool Omega { get; init; }
    public long Quorum { get; init; } = 1;
    public long Hysteresis { get; init; }
    public NotifyScript? QuorumUp { get; init; }
    public NotifyScript? QuorumDown { get; init; }
    public SorryServerConfig? SorryServer { get; init; }
    /// <summary>The weight of real servers that set none (undocumented).</summary>
    public int Weight { get; init; } = 1;
    public string? VirtualHost { get; init; }
    public bool? SmtpAlert { get; init; }
    public string? SnmpName { get; init; }
    public TimeSpan DelayLoop { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);
    public int? Retry { get; init; }
    public TimeSpan? DelayBeforeRetry { get; init; }
    public TimeSpan? Warmup { get; init; }
    public bool InhibitOnFailure { get; init; }
    public ImmutableArray<RealServerConfig> RealServers { get; init; } = [];

    /// <summary>keepalived's name for it in messages: <c>[10.0.0.1]:tcp:80</c>, <c>FWM 5</c>, <c>[G]</c>.</summary>
    public override string ToString() => Kind switch
    {
        VirtualServerKind.Fwmark => $"FWM {Fwmark}",
        VirtualServerKind.Group => $"[{GroupName}]",
        _ => $"[{Address}]:{Protocol?.ToString().ToLowerInvariant() ?? "none"}:{Port}",
    };
}

/// <summary><c>sorry_server IP [PORT]</c> with <c>sorry_server_inhibit</c> and <c>sorry_server_lvs_method</c>.</summary>
public sealed record SorryServerConfig(IPAddress Address, ushort Port, SourceLocation Location)
{
    /// <summary>null: the virtual server's method.</summary>
    public Forwarding? Forwarding { get; init; }
    public bool Inhibit { get; init; }
}

/// <summary>A <c>real_server IP [PORT]</c>. Null values inherit from the virtual server.</summary>
public sealed record RealServerConfig
{
    public required IPAddress Address { get; init; }
    /// <summary>After validation: the VS port where keepalived forces or fills it, 0 for fwmark non-NAT.</summary>
    public ushort Port { get; init; }
    /// <summary>
    /// The port as written, when validation cleared or reset it: the checkers still connect there, since
    /// keepalived copies the real server's address into each checker as it is parsed (check_api.c queue_checker).
    /// </summary>
    public ushort? WrittenPort { get; init; }
    public required SourceLocation Location { get; init; }
    public int? Weight { get; init; }
    public Forwarding? Forwarding { get; init; }
    public uint UpperThreshold { get; init; }
    public uint LowerThreshold { get; init; }
    public bool? InhibitOnFailure { get; init; }
    public NotifyScript? NotifyUp { get; init; }
    public NotifyScript? NotifyDown { get; init; }
    public bool? Alpha { get; init; }
    public int? Retry { get; init; }
    public TimeSpan? DelayBeforeRetry { get; init; }
    public TimeSpan? Warmup { get; init; }
    public TimeSpan? ConnectTimeout { get; init; }
    public TimeSpan? DelayLoop { get; init; }
    public bool? SmtpAlert { get; init; }
    public string? VirtualHost { get; init; }
    public string? SnmpName { get; init; }
    /// <summary>Any number of any type; a real server without checkers is always up.</summary>
    public ImmutableArray<CheckerConfig> Checkers { get; init; } = [];
}

/// <summary>One <c>virtual_server_group NAME</c> line (check_data.c alloc_vsg_entry).</summary>
public sealed record VirtualServerGroupEntry(SourceLocation Location)
{
    /// <summary>The first address; null for a fwmark entry.</summary>
    public IPAddress? Address { get; init; }
    /// <summary>The last address of a range or CIDR block, equal to <see cref="Address"/> for one address.</summary>
    public IPAddress? LastAddress { get; init; }
    /// <summary>0 = no port.</summary>
    public ushort Port { get; init; }
    public uint? Fwmark { get; init; }
    /// <summary><c>fwmark N inet|inet6</c>; null = not given.</summary>
    public AddressFamily? FwmarkFamily { get; init; }

    public bool IsFwmark => Fwmark is not null;

    /// <summary>Every address of the entry, first to last (only the last octet or 16-bit group varies for a range).</summary>
    public IEnumerable<IPAddress> Addresses()
    {
        if (Address is null || LastAddress is null) yield break;
        var a = Address.GetAddressBytes();
        var last = LastAddress.GetAddressBytes();
        while (true)
        {
            yield return new IPAddress(a);
            if (a.AsSpan().SequenceEqual(last)) yield break;
            for (var i = a.Length - 1; i >= 0 && ++a[i] == 0; i--) { }
        }
    }
}

/// <summary>A <c>virtual_server_group</c>: its addresses, ranges, CIDR blocks and fwmarks.</summary>
public sealed record VirtualServerGroupConfig(string Name, SourceLocation Location, ImmutableArray<VirtualServerGroupEntry> Entries);

/// <summary>The top-level <c>SSL</c> block: the client context of SSL_GET.</summary>
public sealed record SslConfig(SourceLocation Location)
{
    public string? Password { get; init; }
    public string? CaFile { get; init; }
    public string? CertificateFile { get; init; }
    public string? KeyFile { get; init; }
}
