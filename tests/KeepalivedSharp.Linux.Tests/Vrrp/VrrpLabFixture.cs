using KeepalivedSharp.Lab;
using KeepalivedSharp.Linux.Native;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Linux.Tests.Vrrp;

/// <summary>
/// Three hosts on one bridge: "ka" runs real keepalived 2.2.7 (VRRPv2/IPv4 VRID 51 and VRRPv3/IPv6
/// VRID 52, both master), "us" is where our sockets live, "peer" watches with tcpdump.
/// </summary>
public sealed class VrrpLabFixture : IDisposable
{
    public const string KeepalivedConfig = """
        global_defs {
            router_id ka
        }
        vrrp_instance V4 {
            state MASTER
            interface eth0
            virtual_router_id 51
            priority 200
            advert_int 1
            virtual_ipaddress {
                10.0.0.100/24
            }
        }
        vrrp_instance V6 {
            version 3
            state MASTER
            interface eth0
            virtual_router_id 52
            priority 200
            advert_int 1
            virtual_ipaddress {
                fd00::100/64
            }
        }
        """;

    public NamespaceLab Lab { get; } = new();
    public string Keepalived { get; }
    public string Us { get; }
    public string Peer { get; }
    public KeepalivedRunner Runner { get; }

    public VrrpLabFixture()
    {
        try
        {
            Keepalived = Lab.AddHost("ka", "eth0", "10.0.0.1/24", "fd00::1/64");
            Us = Lab.AddHost("us", "eth0", "10.0.0.2/24", "fd00::2/64");
            Peer = Lab.AddHost("peer", "eth0", "10.0.0.3/24", "fd00::3/64");
            Runner = KeepalivedRunner.Start(Lab, Keepalived, KeepalivedConfig);
        }
        catch
        {
            Lab.Dispose();
            throw;
        }
    }

    /// <summary>Interface index of <paramref name="ifName"/> inside namespace <paramref name="ns"/>.</summary>
    public static int IfIndex(string ns, string ifName = "eth0")
        => NetworkNamespace.Run(ns, () => InterfaceNames.IndexOf(ifName));

    public void Dispose()
    {
        Runner?.Dispose();
        Lab.Dispose();
    }
}
