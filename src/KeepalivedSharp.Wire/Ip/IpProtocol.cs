namespace KeepalivedSharp.Wire.Ip;

/// <summary>IANA protocol numbers and well-known groups used on the VRRP wire.</summary>
public static class IpProtocol
{
    public const byte Icmpv6 = 58;
    public const byte AuthenticationHeader = 51;
    /// <summary>VRRP (RFC 5798 5.1.1.3).</summary>
    public const byte Vrrp = 112;

    /// <summary>VRRP multicast groups (RFC 5798 5.1.1.2 / 5.1.2.2).</summary>
    public static readonly System.Net.IPAddress VrrpGroupV4 = System.Net.IPAddress.Parse("224.0.0.18");
    public static readonly System.Net.IPAddress VrrpGroupV6 = System.Net.IPAddress.Parse("ff02::12");
    public static readonly System.Net.IPAddress AllNodesV6 = System.Net.IPAddress.Parse("ff02::1");
}
