using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace KeepalivedSharp.Wire.Checksums;

/// <summary>
/// The Internet checksum (RFC 1071): the one's complement of the one's complement sum of the
/// 16-bit big-endian words, an odd last byte padded with zero. Partial sums are kept folded to
/// 16 bits so they can be chained (pseudo-header, then message).
/// </summary>
public static class InternetChecksum
{
    /// <summary>Adds <paramref name="data"/> to a running (folded) sum and returns the folded sum.</summary>
    public static uint Add(uint sum, ReadOnlySpan<byte> data)
    {
        ulong acc = sum;
        var i = 0;
        for (; i + 1 < data.Length; i += 2)
            acc += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        if (i < data.Length)
            acc += (uint)data[i] << 8;
        return Fold(acc);
    }

    /// <summary>Adds one 16-bit word to a running sum.</summary>
    public static uint Add(uint sum, ushort word) => Fold((ulong)sum + word);

    /// <summary>Turns a running sum into the value to store in a checksum field.</summary>
    public static ushort Finish(uint sum) => (ushort)~Fold(sum);

    /// <summary>The checksum of <paramref name="data"/> alone.</summary>
    public static ushort Compute(ReadOnlySpan<byte> data) => Finish(Add(0, data));

    /// <summary>
    /// Adds a pseudo-header for an upper-layer message of <paramref name="upperLength"/> bytes:
    /// IPv4 (RFC 768 layout: src, dst, zero, protocol, 16-bit length) or IPv6 (RFC 8200 8.1:
    /// src, dst, 32-bit length, zeros, next header). Both sum to the same words.
    /// </summary>
    public static uint AddPseudoHeader(uint sum, IPAddress source, IPAddress destination, byte protocol, int upperLength)
    {
        if (source.AddressFamily != destination.AddressFamily)
            throw new ArgumentException("pseudo-header addresses must be of one family", nameof(destination));
        Span<byte> buffer = stackalloc byte[16];
        sum = Add(sum, AddressBytes(source, buffer));
        sum = Add(sum, AddressBytes(destination, buffer));
        sum = Add(sum, (ushort)((uint)upperLength >> 16));
        sum = Add(sum, (ushort)upperLength);
        return Add(sum, protocol);
    }

    /// <summary>Writes the bytes of an IPv4/IPv6 address into <paramref name="buffer"/> and returns the written part.</summary>
    public static ReadOnlySpan<byte> AddressBytes(IPAddress address, Span<byte> buffer)
    {
        var length = address.AddressFamily == AddressFamily.InterNetworkV6 ? 16 : 4;
        if (!address.TryWriteBytes(buffer, out var written) || written != length)
            throw new ArgumentException("address does not fit", nameof(address));
        return buffer[..written];
    }

    private static uint Fold(ulong acc)
    {
        while (acc > 0xffff)
            acc = (acc & 0xffff) + (acc >> 16);
        return (uint)acc;
    }
}
