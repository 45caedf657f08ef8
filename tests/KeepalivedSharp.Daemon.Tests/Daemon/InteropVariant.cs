using System.Globalization;
using System.Text;

namespace KeepalivedSharp.Daemon.Tests.Daemon;

/// <summary>One way of running VRRP that both implementations must agree on.</summary>
public sealed record InteropVariant(string Name, int Version, bool Ipv6, bool Unicast, bool Pass, double AdvertInt)
{
    public static readonly InteropVariant V2 = new("v2", 2, false, false, false, 1);
    public static readonly InteropVariant V3Ipv4 = new("v3-ipv4", 3, false, false, false, 0.5);
    public static readonly InteropVariant V3Ipv6 = new("v3-ipv6", 3, true, false, false, 0.5);
    public static readonly InteropVariant Unicast4 = new("unicast", 2, false, true, false, 1);
    public static readonly InteropVariant PassAuth = new("pass", 2, false, false, true, 1);

    /// <summary>Both sides on another group: an advert sent to 224.0.0.18 would not reach a host that joined only this one.</summary>
    public static readonly InteropVariant McastGroup4 = new("mcast-group4", 2, false, false, false, 1) { GlobalDefs = "vrrp_mcast_group4 224.0.0.77", Destination = "224.0.0.77" };

    public static readonly InteropVariant McastDst6 = new("mcast-dst6", 3, true, false, false, 0.5) { InstanceLines = "mcast_dst_ip ff02::77", Destination = "ff02::77" };

    public static readonly IReadOnlyDictionary<string, InteropVariant> All =
        new[] { V2, V3Ipv4, V3Ipv6, Unicast4, PassAuth, McastGroup4, McastDst6 }.ToDictionary(v => v.Name);

    /// <summary>Lines for a global_defs block (none when null).</summary>
    public string? GlobalDefs { get; init; }

    /// <summary>Extra lines inside the vrrp_instance block.</summary>
    public string? InstanceLines { get; init; }

    /// <summary>Where multicast adverts go: the RFC group unless the variant sets another.</summary>
    public string Destination
    {
        get => _destination ?? (Ipv6 ? "ff02::12" : "224.0.0.18");
        init => _destination = value;
    }

    private readonly string? _destination;

    public string Vip => Ipv6 ? "fd00::100" : "10.0.0.100";
    public string VipWithPrefix => Ipv6 ? "fd00::100/64" : "10.0.0.100/24";

    public static string Address(int host, bool v6) => v6 ? $"fd00::{host}" : $"10.0.0.{host}";

    /// <summary>Master_Down_Interval for a priority, in seconds (RFC 5798 §6.1).</summary>
    public double MasterDown(int priority) => 3 * AdvertInt + (256 - priority) / 256.0 * (Version == 3 ? AdvertInt : 1);

    public string Config(int self, int peer, int priority)
    {
        var sb = new StringBuilder();
        if (GlobalDefs is not null) sb.Append(CultureInfo.InvariantCulture, $"global_defs {{\n    {GlobalDefs}\n}}\n");
        sb.Append(CultureInfo.InvariantCulture, $$"""
            vrrp_instance VI_1 {
                state BACKUP
                interface eth0
                virtual_router_id 51
                priority {{priority}}
                advert_int {{AdvertInt.ToString(CultureInfo.InvariantCulture)}}
                version {{Version}}

            """);
        if (InstanceLines is not null) sb.Append(CultureInfo.InvariantCulture, $"    {InstanceLines}\n");
        if (Pass) sb.Append("    authentication {\n        auth_type PASS\n        auth_pass s3cretpw\n    }\n");
        if (Unicast)
            sb.Append(CultureInfo.InvariantCulture, $"    unicast_src_ip {Address(self, Ipv6)}\n    unicast_peer {{\n        {Address(peer, Ipv6)}\n    }}\n");
        sb.Append(CultureInfo.InvariantCulture, $"    virtual_ipaddress {{\n        {VipWithPrefix}\n    }}\n}}\n");
        return sb.ToString();
    }
}
