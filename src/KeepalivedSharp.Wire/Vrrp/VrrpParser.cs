using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using KeepalivedSharp.Wire.Ip;

namespace KeepalivedSharp.Wire.Vrrp;

/// <summary>
/// The structural check of received VRRP datagrams (RFC 5798 7.1 / RFC 3768 7.1, the
/// configuration-free part): TTL, lengths, version, type, address count, auth type, checksum.
/// Never throws; every rejection carries a <see cref="VrrpParseError"/>.
/// </summary>
public static class VrrpParser
{
    /// <summary>Parses an IPv4 raw-socket datagram (the IPv4 header comes with the payload).</summary>
    public static VrrpParseResult ParseIPv4(ReadOnlySpan<byte> datagram, in VrrpReceiveOptions options = default)
    {
        var error = Ipv4Header.TryParse(datagram, out var ip);
        if (error != VrrpParseError.None) return VrrpParseResult.Fail(error);
        if (ip.Protocol != IpProtocol.Vrrp) return VrrpParseResult.Fail(VrrpParseError.UnsupportedProtocol, ip.Source, ip.Destination, ip.Ttl);
        return ParseMessage(datagram[ip.HeaderLength..ip.TotalLength], ip.Source, ip.Destination, ip.Ttl, options);
    }

    /// <summary>
    /// Parses an IPv6 raw-socket payload (no IP header: the kernel strips it). The hop limit comes
    /// from IPV6_RECVHOPLIMIT; pass -1 when it was missing (rejected unless the check is skipped).
    /// </summary>
    public static VrrpParseResult ParseIPv6(ReadOnlySpan<byte> message, IPAddress source, IPAddress destination, int hopLimit, in VrrpReceiveOptions options = default)
    {
        if (source.AddressFamily != AddressFamily.InterNetworkV6 || destination.AddressFamily != AddressFamily.InterNetworkV6)
            return VrrpParseResult.Fail(VrrpParseError.BadIpHeader, source, destination, hopLimit);
        return ParseMessage(message, source, destination, hopLimit, options);
    }

    /// <summary>
    /// The VRID of a datagram whose header is readable, even when a later check rejects it: keepalived
    /// counts such errors against the instance the VRID names. IPv4 datagrams start with the IP header.
    /// </summary>
    public static bool TryPeekVirtualRouterId(ReadOnlySpan<byte> datagram, AddressFamily family, out byte vrid)
    {
        vrid = 0;
        int offset = 0;
        if (family == AddressFamily.InterNetwork)
        {
            if (datagram.Length < 20 || datagram[0] >> 4 != 4 || datagram[9] != IpProtocol.Vrrp) return false;
            offset = (datagram[0] & 0x0f) * 4;
            if (offset < 20) return false;
        }
        if (datagram.Length < offset + 2) return false;
        vrid = datagram[offset + 1];
        return true;
    }

    /// <summary>Parses a VRRP message whose IP source, destination and TTL/hop limit are known.</summary>
    public static VrrpParseResult ParseMessage(ReadOnlySpan<byte> m, IPAddress source, IPAddress destination, int ttl, in VrrpReceiveOptions options)
    {
        var family = source.AddressFamily;
        if (m.Length < VrrpLayout.HeaderLength) return VrrpParseResult.Fail(VrrpParseError.TooShort, source, destination, ttl);
        // RFC 5798 7.1: MUST verify that the IPv4 TTL / IPv6 Hop Limit is 255.
        if (!options.SkipTtlCheck && ttl != 255) return VrrpParseResult.Fail(VrrpParseError.BadTtl, source, destination, ttl);
        var version = m[0] >> 4;
        if (version is not (2 or 3) || (version == 2 && family == AddressFamily.InterNetworkV6))
            return VrrpParseResult.Fail(VrrpParseError.BadVersion, source, destination, ttl);
        if ((m[0] & 0x0f) != VrrpPacket.TypeAdvertisement) return VrrpParseResult.Fail(VrrpParseError.BadType, source, destination, ttl);
        var count = m[3];
        if (m.Length != VrrpLayout.MessageLength(version, family, count))
            return VrrpParseResult.Fail(VrrpParseError.AddressCountMismatch, source, destination, ttl);
        var authType = version == 2 ? m[4] : (byte)0;
        if (authType > (byte)VrrpAuthType.IpAh) return VrrpParseResult.Fail(VrrpParseError.InvalidAuthType, source, destination, ttl);

        var oldUnicast = false;
        if (VrrpLayout.Checksum(m, version, source, destination, new VrrpChecksumOptions(options.V3WithoutPseudoHeader)) != 0)
        {
            oldUnicast = version == 3 && family == AddressFamily.InterNetwork && options.AcceptOldUnicastChecksum
                && !options.V3WithoutPseudoHeader && !destination.Equals(IpProtocol.VrrpGroupV4)
                && VrrpLayout.Checksum(m, version, source, destination, new VrrpChecksumOptions(false, IpProtocol.VrrpGroupV4)) == 0;
            if (!oldUnicast) return VrrpParseResult.Fail(VrrpParseError.BadChecksum, source, destination, ttl);
        }

        var step = VrrpLayout.AddressLength(family);
        var addresses = new IPAddress[count];
        for (var i = 0; i < count; i++)
            addresses[i] = new IPAddress(m.Slice(VrrpLayout.HeaderLength + i * step, step));
        var authEnd = VrrpLayout.HeaderLength + count * step;
        var packet = new VrrpPacket(
            (byte)version,
            (byte)(m[0] & 0x0f),
            m[1],
            m[2],
            version == 2 ? m[5] : (ushort)(BinaryPrimitives.ReadUInt16BigEndian(m[4..]) & 0x0fff),
            (VrrpAuthType)authType,
            authEnd < m.Length ? VrrpAuthData.FromBytes(m[authEnd..]) : default,
            addresses,
            BinaryPrimitives.ReadUInt16BigEndian(m[VrrpLayout.ChecksumOffset..]));
        return new VrrpParseResult(VrrpParseError.None, packet, source, destination, ttl, oldUnicast);
    }
}
