using System.Net;
using System.Net.Sockets;
using KeepalivedSharp.Wire.Checksums;
using KeepalivedSharp.Wire.Ip;

namespace KeepalivedSharp.Wire.Vrrp;

/// <summary>Sizes and the checksum rule shared by the parser and the writer.</summary>
public static class VrrpLayout
{
    /// <summary>Version/type, VRID, priority, count, auth type or interval, checksum.</summary>
    public const int HeaderLength = 8;
    public const int ChecksumOffset = 6;

    public static int AddressLength(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? 16 : 4;

    /// <summary>
    /// Message length for a version, family and address count: v2 over IPv4 carries 8 octets of
    /// authentication data after the addresses (RFC 3768 5.1); v3 has none (RFC 5798 5.1).
    /// </summary>
    public static int MessageLength(int version, AddressFamily family, int addressCount)
        => HeaderLength + addressCount * AddressLength(family)
           + (version == 2 && family == AddressFamily.InterNetwork ? VrrpAuthData.Length : 0);

    /// <summary>
    /// The checksum of <paramref name="message"/> as it stands: 0 when a received message verifies;
    /// the value to store when the checksum field holds 0. v2: message only (RFC 3768 5.3.8). v3:
    /// pseudo-header then message (RFC 5798 5.2.8), IPv4 without it under <c>v3_checksum_as_v2</c>.
    /// </summary>
    public static ushort Checksum(ReadOnlySpan<byte> message, int version, IPAddress source, IPAddress destination, in VrrpChecksumOptions options)
    {
        uint sum = 0;
        var v6 = source.AddressFamily == AddressFamily.InterNetworkV6;
        if (version == 3 && (v6 || !options.V3WithoutPseudoHeader))
            sum = InternetChecksum.AddPseudoHeader(sum, source, options.PseudoHeaderDestination ?? destination, IpProtocol.Vrrp, message.Length);
        return InternetChecksum.Finish(InternetChecksum.Add(sum, message));
    }
}
