namespace KeepalivedSharp.Wire.Vrrp;

/// <summary>What the structural check applies to a received datagram. The default is the strict multicast check.</summary>
/// <param name="SkipTtlCheck">RFC 5798 7.1 drops TTL/hop limit other than 255; keepalived skips that for unicast peers.</param>
/// <param name="V3WithoutPseudoHeader">Verify v3/IPv4 checksums without the pseudo-header (<c>v3_checksum_as_v2</c>).</param>
/// <param name="AcceptOldUnicastChecksum">Like keepalived 2.2.7 with OLD_CHKSUM_COMPAT: if a v3/IPv4
/// checksum fails against the real destination, retry with 224.0.0.18 in the pseudo-header.</param>
public readonly record struct VrrpReceiveOptions(bool SkipTtlCheck = false, bool V3WithoutPseudoHeader = false, bool AcceptOldUnicastChecksum = false)
{
    public static VrrpReceiveOptions Multicast => default;
    public static VrrpReceiveOptions Unicast => new(SkipTtlCheck: true, AcceptOldUnicastChecksum: true);
}
