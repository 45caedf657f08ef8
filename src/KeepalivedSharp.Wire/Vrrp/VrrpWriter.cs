using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using KeepalivedSharp.Wire.Ip;

namespace KeepalivedSharp.Wire.Vrrp;

/// <summary>Builds VRRP messages (and optionally their IPv4 header) into a caller's buffer.</summary>
public static class VrrpWriter
{
    /// <summary>
    /// Writes the VRRP message for <paramref name="packet"/> sent from <paramref name="source"/> to
    /// <paramref name="destination"/> (the addresses feed the v3 pseudo-header and fix the family).
    /// Returns the number of bytes written. Throws on a packet that cannot be encoded.
    /// </summary>
    public static int WriteMessage(Span<byte> buffer, in VrrpPacket packet, IPAddress source, IPAddress destination, in VrrpChecksumOptions checksum = default)
    {
        var family = source.AddressFamily;
        Validate(packet, family, destination);
        var addresses = packet.Addresses;
        var length = VrrpLayout.MessageLength(packet.Version, family, addresses.Count);
        if (buffer.Length < length) throw new ArgumentException($"buffer holds {buffer.Length} bytes, message needs {length}", nameof(buffer));
        var m = buffer[..length];
        m[0] = (byte)((packet.Version << 4) | (packet.Type & 0x0f));
        m[1] = packet.VirtualRouterId;
        m[2] = packet.Priority;
        m[3] = (byte)addresses.Count;
        if (packet.Version == 2)
        {
            m[4] = (byte)packet.AuthType;
            m[5] = (byte)packet.AdvertIntervalRaw;
        }
        else
        {
            // RFC 5798 5.2.4: 4 reserved bits (zero), 12-bit Max Adver Int.
            BinaryPrimitives.WriteUInt16BigEndian(m[4..], (ushort)(packet.AdvertIntervalRaw & 0x0fff));
        }
        BinaryPrimitives.WriteUInt16BigEndian(m[VrrpLayout.ChecksumOffset..], 0);
        var step = VrrpLayout.AddressLength(family);
        var offset = VrrpLayout.HeaderLength;
        foreach (var address in addresses)
        {
            address.TryWriteBytes(m[offset..], out _);
            offset += step;
        }
        if (offset < length)
            packet.AuthData.CopyTo(m[offset..]);
        BinaryPrimitives.WriteUInt16BigEndian(m[VrrpLayout.ChecksumOffset..], VrrpLayout.Checksum(m, packet.Version, source, destination, checksum));
        return length;
    }

    /// <summary>Writes an IPv4 header (TOS 0xC0, protocol 112, as keepalived) followed by the message.</summary>
    public static int WriteIPv4Datagram(Span<byte> buffer, in VrrpPacket packet, IPAddress source, IPAddress destination, byte ttl = 255, in VrrpChecksumOptions checksum = default)
    {
        if (source.AddressFamily != AddressFamily.InterNetwork) throw new ArgumentException("IPv4 source required", nameof(source));
        var length = WriteMessage(buffer[Ipv4Header.MinLength..], packet, source, destination, checksum);
        Ipv4Header.Write(buffer, source, destination, IpProtocol.Vrrp, length, ttl);
        return Ipv4Header.MinLength + length;
    }

    /// <summary>The message length <see cref="WriteMessage"/> will produce.</summary>
    public static int GetMessageLength(in VrrpPacket packet, AddressFamily family)
        => VrrpLayout.MessageLength(packet.Version, family, packet.Addresses.Count);

    private static void Validate(in VrrpPacket packet, AddressFamily family, IPAddress destination)
    {
        if (family is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
            throw new ArgumentException("source must be IPv4 or IPv6", nameof(packet));
        if (destination.AddressFamily != family)
            throw new ArgumentException("source and destination families differ", nameof(destination));
        if (packet.Version is not (2 or 3) || (packet.Version == 2 && family == AddressFamily.InterNetworkV6))
            throw new ArgumentException("VRRP version 2 (IPv4 only) or 3 required", nameof(packet));
        if (packet.Addresses is null || packet.Addresses.Count > byte.MaxValue)
            throw new ArgumentException("0 to 255 addresses required", nameof(packet));
        foreach (var a in packet.Addresses)
            if (a.AddressFamily != family) throw new ArgumentException($"address {a} is not of the source's family", nameof(packet));
        if (packet.Version == 2 && packet.AdvertIntervalRaw > byte.MaxValue)
            throw new ArgumentException("v2 advert interval is 8 bits (seconds)", nameof(packet));
    }
}
