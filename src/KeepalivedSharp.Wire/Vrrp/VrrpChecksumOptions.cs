using System.Net;

namespace KeepalivedSharp.Wire.Vrrp;

/// <summary>
/// How the v3 checksum over IPv4 is formed. v2 always covers the message only (RFC 3768 5.3.8);
/// v3 over IPv6 always adds the pseudo-header (RFC 5798 5.2.8).
/// </summary>
/// <param name="V3WithoutPseudoHeader">keepalived's <c>v3_checksum_as_v2</c> (keepalived newer than
/// 2.2.7; RFC 9568): v3 over IPv4 without the pseudo-header.</param>
/// <param name="PseudoHeaderDestination">Overrides the pseudo-header destination: keepalived's
/// <c>old_unicast_checksum</c> puts 224.0.0.18 there for unicast v3 adverts.</param>
public readonly record struct VrrpChecksumOptions(bool V3WithoutPseudoHeader = false, IPAddress? PseudoHeaderDestination = null)
{
    public static VrrpChecksumOptions Default => default;
}
