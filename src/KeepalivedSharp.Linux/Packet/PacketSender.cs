using System.Runtime.InteropServices;
using KeepalivedSharp.Linux.Native;

namespace KeepalivedSharp.Linux.Packet;

/// <summary>
/// AF_PACKET / SOCK_RAW socket bound to one interface (sockaddr_ll), send-only: protocol 0 so nothing
/// is queued for receive. Frames come built from the Wire project.
/// </summary>
public sealed class PacketSender : IFrameSender
{
    private readonly FileDescriptorHandle _fd;

    private PacketSender(FileDescriptorHandle fd, int ifindex)
    {
        _fd = fd;
        InterfaceIndex = ifindex;
    }

    public int InterfaceIndex { get; }

    /// <summary>Opens a sender on <paramref name="ifindex"/> in the caller's network namespace.</summary>
    public static unsafe PacketSender Open(int ifindex)
    {
        // Protocol 0: the socket receives nothing, it only sends.
        var fd = FileDescriptorHandle.OpenSocket(Interop.AF_PACKET, Interop.SOCK_RAW, 0, "packet");
        try
        {
            var ll = new Interop.sockaddr_ll { sll_family = Interop.AF_PACKET, sll_ifindex = ifindex };
            Errno.ThrowIfNegative(Interop.Bind(fd, &ll, (uint)sizeof(Interop.sockaddr_ll)), $"binding packet socket to ifindex {ifindex}");
            return new PacketSender(fd, ifindex);
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    public unsafe void Send(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < 14) throw new ArgumentException("an Ethernet frame has at least 14 octets", nameof(frame));
        var ll = new Interop.sockaddr_ll
        {
            sll_family = Interop.AF_PACKET,
            sll_ifindex = InterfaceIndex,
            sll_protocol = MemoryMarshal.Read<ushort>(frame[12..]), // the frame's EtherType, already in network order
            sll_halen = 6,
        };
        frame[..6].CopyTo(new Span<byte>(ll.sll_addr, 8));
        fixed (byte* f = frame)
        {
            var n = Interop.SendTo(_fd, f, (nuint)frame.Length, 0, &ll, (uint)sizeof(Interop.sockaddr_ll));
            Errno.ThrowIfNegative(n, $"sending a {frame.Length}-octet frame on ifindex {InterfaceIndex}");
        }
    }

    public void Dispose() => _fd.Dispose();
}
