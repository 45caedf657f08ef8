using System.Buffers.Binary;
using System.Net;
using KeepalivedSharp.Wire.Checksums;
using KeepalivedSharp.Wire.Vrrp;

namespace KeepalivedSharp.Wire.Ip;

/// <summary>An IPv4 header (RFC 791 3.1) as received on a raw socket, options skipped.</summary>
public readonly record struct Ipv4Header(
    int HeaderLength,
    byte TypeOfService,
    ushort TotalLength,
    ushort Identification,
    ushort FlagsAndFragmentOffset,
    byte Ttl,
    byte Protocol,
    ushort HeaderChecksum,
    IPAddress Source,
    IPAddress Destination)
{
    public const int MinLength = 20;

    /// <summary>
    /// Parses the header at the start of <paramref name="datagram"/> and checks it against the
    /// number of bytes received. Never throws.
    /// </summary>
    public static VrrpParseError TryParse(ReadOnlySpan<byte> datagram, out Ipv4Header header)
    {
        header = default;
        if (datagram.Length < MinLength) return VrrpParseError.TooShort;
        var version = datagram[0] >> 4;
        var headerLength = (datagram[0] & 0x0f) * 4;
        if (version != 4 || headerLength < MinLength) return VrrpParseError.BadIpHeader;
        if (headerLength > datagram.Length) return VrrpParseError.Truncated;
        var totalLength = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        // Raw sockets deliver exactly one datagram: a total length above or below it is a length error.
        if (totalLength != datagram.Length || totalLength < headerLength) return VrrpParseError.BadLength;
        header = new Ipv4Header(
            headerLength,
            datagram[1],
            totalLength,
            BinaryPrimitives.ReadUInt16BigEndian(datagram[4..]),
            BinaryPrimitives.ReadUInt16BigEndian(datagram[6..]),
            datagram[8],
            datagram[9],
            BinaryPrimitives.ReadUInt16BigEndian(datagram[10..]),
            new IPAddress(datagram.Slice(12, 4)),
            new IPAddress(datagram.Slice(16, 4)));
        return VrrpParseError.None;
    }

    /// <summary>
    /// Writes a 20-byte header without options, header checksum filled in. keepalived sends
    /// TOS 0xC0 (network control), identification 0 and no DF flag.
    /// </summary>
    public static int Write(Span<byte> destination, IPAddress source, IPAddress target, byte protocol, int payloadLength, byte ttl, byte typeOfService = 0xc0, ushort identification = 0)
    {
        var total = MinLength + payloadLength;
        if (total > ushort.MaxValue) throw new ArgumentOutOfRangeException(nameof(payloadLength));
        if (source.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork || target.AddressFamily != source.AddressFamily)
            throw new ArgumentException("IPv4 addresses required", nameof(source));
        var h = destination[..MinLength];
        h[0] = 0x45;
        h[1] = typeOfService;
        BinaryPrimitives.WriteUInt16BigEndian(h[2..], (ushort)total);
        BinaryPrimitives.WriteUInt16BigEndian(h[4..], identification);
        BinaryPrimitives.WriteUInt16BigEndian(h[6..], 0);
        h[8] = ttl;
        h[9] = protocol;
        BinaryPrimitives.WriteUInt16BigEndian(h[10..], 0);
        source.TryWriteBytes(h[12..], out _);
        target.TryWriteBytes(h[16..], out _);
        BinaryPrimitives.WriteUInt16BigEndian(h[10..], InternetChecksum.Compute(h));
        return MinLength;
    }
}
