namespace KeepalivedSharp.Wire.Vrrp;

/// <summary>
/// Why a datagram failed the structural check (RFC 5798 7.1 / RFC 3768 7.1, the parts that need
/// no configuration). Protocol-meaning checks (VRID, auth match, interval) belong to the engine.
/// </summary>
public enum VrrpParseError : byte
{
    None = 0,
    /// <summary>Fewer bytes than an IPv4 header or the 8-byte VRRP header.</summary>
    TooShort,
    /// <summary>IP version not 4 or IHL below 5.</summary>
    BadIpHeader,
    /// <summary>The IPv4 header (with its options) runs past the bytes received.</summary>
    Truncated,
    /// <summary>IPv4 total length disagrees with the bytes received (larger or smaller).</summary>
    BadLength,
    /// <summary>IP protocol is not 112 (VRRP); AH-protected adverts (51) land here too.</summary>
    UnsupportedProtocol,
    /// <summary>TTL / hop limit is not 255 (or the hop limit is missing) where the check applies.</summary>
    BadTtl,
    /// <summary>VRRP version other than 2 or 3, or version 2 over IPv6.</summary>
    BadVersion,
    /// <summary>VRRP type other than 1 (ADVERTISEMENT).</summary>
    BadType,
    /// <summary>The message length is not what the address count (and v2 auth data) implies.</summary>
    AddressCountMismatch,
    /// <summary>v2 authentication type other than 0, 1 or 2.</summary>
    InvalidAuthType,
    /// <summary>The VRRP checksum does not verify.</summary>
    BadChecksum,
}
