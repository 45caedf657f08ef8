using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace KeepalivedSharp.Wire.Announcements;

/// <summary>The VRRP virtual MAC: 00-00-5E-00-01-VRID for IPv4, 00-00-5E-00-02-VRID for IPv6 (RFC 5798 7.3).</summary>
public static class VirtualMac
{
    public static void Write(Span<byte> destination, AddressFamily family, byte virtualRouterId)
    {
        destination[0] = 0x00;
        destination[1] = 0x00;
        destination[2] = 0x5e;
        destination[3] = 0x00;
        destination[4] = family == AddressFamily.InterNetworkV6 ? (byte)0x02 : (byte)0x01;
        destination[5] = virtualRouterId;
    }

    public static PhysicalAddress For(AddressFamily family, byte virtualRouterId)
    {
        var bytes = new byte[Ethernet.MacLength];
        Write(bytes, family, virtualRouterId);
        return new PhysicalAddress(bytes);
    }
}
