using System.Runtime.CompilerServices;
using KeepalivedSharp.Linux.Native;

namespace KeepalivedSharp.Linux.Vrrp;

/// <summary>What recvmsg's ancillary data told us, as offsets into the control buffer (no allocation).</summary>
/// <param name="InterfaceIndex">ipi_ifindex / ipi6_ifindex, 0 when no pktinfo came.</param>
/// <param name="HopLimit">IPV6_HOPLIMIT value, -1 when absent.</param>
/// <param name="DestinationOffset">Where the destination address starts in the control buffer, -1 when absent.</param>
/// <param name="DestinationLength">4 or 16.</param>
internal readonly record struct ControlInfo(int InterfaceIndex, int HopLimit, int DestinationOffset, int DestinationLength);

/// <summary>
/// Pure codec for the cmsg area of msghdr (cmsg(3)): header is {size_t len; int level; int type},
/// data and each following header are aligned to sizeof(size_t).
/// </summary>
internal static class ControlMessages
{
    private static int Align => IntPtr.Size;

    public static int HeaderSize => AlignUp(Unsafe.SizeOf<Interop.cmsghdr>());

    public static int AlignUp(int n) => (n + Align - 1) & ~(Align - 1);

    /// <summary>CMSG_SPACE(dataLength).</summary>
    public static int Space(int dataLength) => HeaderSize + AlignUp(dataLength);

    /// <summary>CMSG_LEN(dataLength).</summary>
    public static int Length(int dataLength) => HeaderSize + dataLength;

    /// <summary>Reads IP_PKTINFO, IPV6_PKTINFO and IPV6_HOPLIMIT; ignores anything else and stops at malformed lengths.</summary>
    public static ControlInfo Parse(ReadOnlySpan<byte> control)
    {
        int ifindex = 0, hop = -1, dstOff = -1, dstLen = 0;
        var pos = 0;
        while (pos + HeaderSize <= control.Length)
        {
            var len = ReadLength(control[pos..]);
            if (len < (ulong)HeaderSize || len > (ulong)(control.Length - pos)) break;
            var level = NativeEndian.ReadInt32(control[(pos + IntPtr.Size)..]);
            var type = NativeEndian.ReadInt32(control[(pos + IntPtr.Size + 4)..]);
            var data = control.Slice(pos + HeaderSize, (int)len - HeaderSize);
            var dataAt = pos + HeaderSize;
            if (level == Interop.IPPROTO_IP && type == Interop.IP_PKTINFO && data.Length >= 12)
            {
                // struct in_pktinfo { int ipi_ifindex; in_addr ipi_spec_dst; in_addr ipi_addr; }
                ifindex = NativeEndian.ReadInt32(data);
                dstOff = dataAt + 8;
                dstLen = 4;
            }
            else if (level == Interop.IPPROTO_IPV6 && type == Interop.IPV6_PKTINFO && data.Length >= 20)
            {
                // struct in6_pktinfo { in6_addr ipi6_addr; int ipi6_ifindex; }
                ifindex = NativeEndian.ReadInt32(data[16..]);
                dstOff = dataAt;
                dstLen = 16;
            }
            else if (level == Interop.IPPROTO_IPV6 && type == Interop.IPV6_HOPLIMIT && data.Length >= 4)
            {
                hop = NativeEndian.ReadInt32(data);
            }
            pos += AlignUp((int)len);
        }
        return new ControlInfo(ifindex, hop, dstOff, dstLen);
    }

    /// <summary>
    /// Writes one IP_PKTINFO (4-byte source) or IPV6_PKTINFO (16-byte source) message choosing the
    /// source address and outgoing interface for sendmsg. Returns the bytes used (CMSG_SPACE).
    /// </summary>
    public static int WritePacketInfo(Span<byte> control, ReadOnlySpan<byte> source, int ifindex)
    {
        var v6 = source.Length == 16;
        var dataLength = v6 ? 20 : 12;
        var data = Header(control, dataLength, v6 ? Interop.IPPROTO_IPV6 : Interop.IPPROTO_IP, v6 ? Interop.IPV6_PKTINFO : Interop.IP_PKTINFO);
        if (v6)
        {
            source.CopyTo(data);
            NativeEndian.WriteInt32(data[16..], ifindex);
        }
        else
        {
            NativeEndian.WriteInt32(data, ifindex);
            source.CopyTo(data[4..]); // ipi_spec_dst: the source to use
        }
        return Space(dataLength);
    }

    /// <summary>Writes one IP_TTL or IPV6_HOPLIMIT message (an int) for sendmsg; returns the bytes used (CMSG_SPACE).</summary>
    public static int WriteHopLimit(Span<byte> control, bool v6, int hopLimit)
    {
        NativeEndian.WriteInt32(Header(control, 4, v6 ? Interop.IPPROTO_IPV6 : Interop.IPPROTO_IP, v6 ? Interop.IPV6_HOPLIMIT : Interop.IP_TTL), hopLimit);
        return Space(4);
    }

    /// <summary>Clears CMSG_SPACE(dataLength) bytes, writes the cmsghdr and returns its data area.</summary>
    private static Span<byte> Header(Span<byte> control, int dataLength, int level, int type)
    {
        var msg = control[..Space(dataLength)];
        msg.Clear();
        WriteLength(msg, (ulong)Length(dataLength));
        NativeEndian.WriteInt32(msg[IntPtr.Size..], level);
        NativeEndian.WriteInt32(msg[(IntPtr.Size + 4)..], type);
        return msg[HeaderSize..];
    }

    private static ulong ReadLength(ReadOnlySpan<byte> s)
        => IntPtr.Size == 8 ? NativeEndian.ReadUInt64(s) : NativeEndian.ReadUInt32(s);

    private static void WriteLength(Span<byte> s, ulong v)
    {
        if (IntPtr.Size == 8) NativeEndian.WriteUInt64(s, v);
        else NativeEndian.WriteUInt32(s, (uint)v);
    }
}
