using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using KeepalivedSharp.Linux.Native;

namespace KeepalivedSharp.Linux.Vrrp;

/// <summary>
/// Raw IP protocol 112 sockets for one instance, set up as keepalived 2.2.7 does
/// (vrrp.c open_vrrp_send_socket / open_vrrp_read_socket), with one difference: we let the kernel
/// write the IPv4 header (no IP_HDRINCL) and pick the source via IP_PKTINFO.
/// Two descriptors: a send-only one (drop-all BPF filter, SO_RCVBUF 0) and a receive one (group
/// joined and bound to the group address, or bound to the unicast source with IP_FREEBIND).
/// </summary>
public sealed class VrrpSocket : IVrrpSocket
{
    /// <summary>RFC 5798 5.1.1.3 / 5.1.2.3: VRRP's TTL and hop limit.</summary>
    public const int HopLimit = 255;
    private readonly FileDescriptorHandle _send;
    private readonly FileDescriptorHandle _receive;
    private readonly byte[] _source;
    private IPAddress? _lastSource;
    private IPAddress? _lastDestination;

    private VrrpSocket(VrrpSocketOptions options, FileDescriptorHandle send, FileDescriptorHandle receive)
    {
        Options = options;
        _send = send;
        _receive = receive;
        _source = new byte[Family == AddressFamily.InterNetworkV6 ? 16 : 4];
        options.SourceAddress?.TryWriteBytes(_source, out _);
    }

    public VrrpSocketOptions Options { get; }

    public AddressFamily Family => Options.Family;

    public int InterfaceIndex => Options.InterfaceIndex;

    /// <inheritdoc />
    public int ReceiveDescriptor => _receive.Fd;

    /// <summary>Opens both descriptors; throws <see cref="LinuxNativeException"/> naming the failed step.</summary>
    public static VrrpSocket Open(VrrpSocketOptions options)
    {
        if (options.Family is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
            throw new ArgumentException($"VRRP runs over IPv4 or IPv6, not {options.Family}", nameof(options));
        if (options.SourceAddress is { } src && src.AddressFamily != options.Family)
            throw new ArgumentException($"source {src} is not {options.Family}", nameof(options));
        if (options.Unicast && options.SourceAddress is null)
            throw new ArgumentException("unicast needs a source address (unicast_src_ip)", nameof(options));

        FileDescriptorHandle? send = null, receive = null;
        try
        {
            send = OpenSend(options);
            receive = OpenReceive(options);
            return new VrrpSocket(options, send, receive);
        }
        catch
        {
            send?.Dispose();
            receive?.Dispose();
            throw;
        }
    }

    private static bool IsV6(VrrpSocketOptions o) => o.Family == AddressFamily.InterNetworkV6;

    private static FileDescriptorHandle OpenSend(VrrpSocketOptions o)
    {
        var v6 = IsV6(o);
        var fd = FileDescriptorHandle.OpenSocket(v6 ? Interop.AF_INET6 : Interop.AF_INET, Interop.SOCK_RAW, Interop.IPPROTO_VRRP, "VRRP send");
        try
        {
            SocketOptions.SetInt(fd, Interop.SOL_SOCKET, Interop.SO_RCVBUF, 0, "SO_RCVBUF");
            if (v6)
            {
                SocketOptions.SetInt(fd, Interop.IPPROTO_IPV6, Interop.IPV6_MULTICAST_ALL, 0, "IPV6_MULTICAST_ALL");
                // The kernel fills the VRRPv3 checksum at offset 6 using the real pseudo-header (keepalived does the same).
                SocketOptions.SetInt(fd, Interop.IPPROTO_IPV6, Interop.IPV6_CHECKSUM, 6, "IPV6_CHECKSUM");
                SocketOptions.SetInt(fd, Interop.IPPROTO_IPV6, Interop.IPV6_MULTICAST_HOPS, HopLimit, "IPV6_MULTICAST_HOPS");
                SocketOptions.SetInt(fd, Interop.IPPROTO_IPV6, Interop.IPV6_UNICAST_HOPS, HopLimit, "IPV6_UNICAST_HOPS");
                SocketOptions.SetInt(fd, Interop.IPPROTO_IPV6, Interop.IPV6_MULTICAST_LOOP, 0, "IPV6_MULTICAST_LOOP");
                SocketOptions.SetInt(fd, Interop.IPPROTO_IPV6, Interop.IPV6_MULTICAST_IF, o.InterfaceIndex, "IPV6_MULTICAST_IF");
                SocketOptions.SetInt(fd, Interop.IPPROTO_IPV6, Interop.IPV6_TCLASS, Interop.IPTOS_PREC_INTERNETCONTROL, "IPV6_TCLASS");
            }
            else
            {
                SocketOptions.SetInt(fd, Interop.IPPROTO_IP, Interop.IP_MULTICAST_ALL, 0, "IP_MULTICAST_ALL");
                SocketOptions.SetInt(fd, Interop.IPPROTO_IP, Interop.IP_MULTICAST_TTL, HopLimit, "IP_MULTICAST_TTL");
                SocketOptions.SetInt(fd, Interop.IPPROTO_IP, Interop.IP_TTL, HopLimit, "IP_TTL");
                SocketOptions.SetInt(fd, Interop.IPPROTO_IP, Interop.IP_MULTICAST_LOOP, 0, "IP_MULTICAST_LOOP");
                SocketOptions.Set(fd, Interop.IPPROTO_IP, Interop.IP_MULTICAST_IF, new Interop.ip_mreqn { imr_ifindex = o.InterfaceIndex }, "IP_MULTICAST_IF");
                SocketOptions.SetInt(fd, Interop.IPPROTO_IP, Interop.IP_TOS, Interop.IPTOS_PREC_INTERNETCONTROL, "IP_TOS");
            }
            SocketOptions.BindToDevice(fd, o.InterfaceIndex);
            SocketOptions.DropAllReceived(fd);
            return fd;
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    private static unsafe FileDescriptorHandle OpenReceive(VrrpSocketOptions o)
    {
        var v6 = IsV6(o);
        var fd = FileDescriptorHandle.OpenSocket(v6 ? Interop.AF_INET6 : Interop.AF_INET, Interop.SOCK_RAW, Interop.IPPROTO_VRRP, "VRRP receive");
        try
        {
            if (o.ReceiveBufferSize > 0)
                SocketOptions.SetInt(fd, Interop.SOL_SOCKET, Interop.SO_RCVBUF, o.ReceiveBufferSize, "SO_RCVBUF");
            // Only groups this socket joined, not every group some other socket joined.
            if (v6) SocketOptions.SetInt(fd, Interop.IPPROTO_IPV6, Interop.IPV6_MULTICAST_ALL, 0, "IPV6_MULTICAST_ALL");
            else SocketOptions.SetInt(fd, Interop.IPPROTO_IP, Interop.IP_MULTICAST_ALL, 0, "IP_MULTICAST_ALL");
            SocketOptions.BindToDevice(fd, o.InterfaceIndex);

            IPAddress bindTo;
            if (!o.Unicast)
            {
                JoinGroup(fd, o);
                bindTo = o.Group; // binding to the group keeps unicast VRRP out of this socket
            }
            else
            {
                if (v6) SocketOptions.SetInt(fd, Interop.IPPROTO_IPV6, Interop.IPV6_FREEBIND, 1, "IPV6_FREEBIND");
                else SocketOptions.SetInt(fd, Interop.IPPROTO_IP, Interop.IP_FREEBIND, 1, "IP_FREEBIND");
                bindTo = o.SourceAddress!;
            }
            SocketAddresses.Bind(fd, bindTo, o.InterfaceIndex);

            if (v6)
            {
                SocketOptions.SetInt(fd, Interop.IPPROTO_IPV6, Interop.IPV6_RECVHOPLIMIT, 1, "IPV6_RECVHOPLIMIT");
                SocketOptions.SetInt(fd, Interop.IPPROTO_IPV6, Interop.IPV6_RECVPKTINFO, 1, "IPV6_RECVPKTINFO");
            }
            else
            {
                SocketOptions.SetInt(fd, Interop.IPPROTO_IP, Interop.IP_PKTINFO, 1, "IP_PKTINFO");
            }
            return fd;
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    private static unsafe void JoinGroup(FileDescriptorHandle fd, VrrpSocketOptions o)
    {
        if (IsV6(o))
        {
            var m = new Interop.ipv6_mreq { ipv6mr_interface = o.InterfaceIndex };
            o.Group.TryWriteBytes(new Span<byte>(m.ipv6mr_multiaddr, 16), out _);
            SocketOptions.Set(fd, Interop.IPPROTO_IPV6, Interop.IPV6_ADD_MEMBERSHIP, m, $"IPV6_ADD_MEMBERSHIP {o.Group} on ifindex {o.InterfaceIndex}");
        }
        else
        {
            var m = new Interop.ip_mreqn { imr_multiaddr = SocketAddresses.V4Raw(o.Group), imr_ifindex = o.InterfaceIndex };
            SocketOptions.Set(fd, Interop.IPPROTO_IP, Interop.IP_ADD_MEMBERSHIP, m, $"IP_ADD_MEMBERSHIP {o.Group} on ifindex {o.InterfaceIndex}");
        }
    }

    /// <inheritdoc />
    public unsafe void Send(ReadOnlySpan<byte> vrrpMessage, IPAddress destination, int? hopLimit = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (destination.AddressFamily != Family)
            throw new ArgumentException($"destination {destination} is not {Family}", nameof(destination));

        Interop.sockaddr_in6 name = default; // large enough for either family
        var nameLength = SocketAddresses.Write(&name, destination, InterfaceIndex);
        Span<byte> control = stackalloc byte[ControlMessages.Space(20) + ControlMessages.Space(4)];
        var controlLength = ControlMessages.WritePacketInfo(control, _source, InterfaceIndex);
        // keepalived: IPv6 sends IPV6_HOPLIMIT per message (vrrp.c vrrp_build_ancillary_data); IPv4 builds its
        // header, here IP_TTL per message (ip(7)), so a socket shared by instances keeps each one's unicast_ttl.
        if (hopLimit is { } hl) controlLength += ControlMessages.WriteHopLimit(control[controlLength..], Family == AddressFamily.InterNetworkV6, hl);

        fixed (byte* data = vrrpMessage)
        fixed (byte* c = control)
        {
            var iov = new Interop.iovec { iov_base = data, iov_len = (nuint)vrrpMessage.Length };
            var msg = new Interop.msghdr
            {
                msg_name = &name,
                msg_namelen = (uint)nameLength,
                msg_iov = &iov,
                msg_iovlen = 1,
                msg_control = c,
                msg_controllen = (nuint)controlLength,
            };
            var sent = Interop.SendMsg(_send, &msg, 0);
            if (sent < 0)
                throw Errno.Last($"sending VRRP to {destination} on ifindex {InterfaceIndex}");
        }
    }

    /// <inheritdoc />
    public unsafe bool TryReceive(Span<byte> buffer, int timeoutMilliseconds, out VrrpDatagram datagram)
    {
        datagram = default;
        // 0: the caller has waited (epoll); recvmsg with MSG_DONTWAIT says EAGAIN when empty.
        if (timeoutMilliseconds != 0 && !WaitReadable(timeoutMilliseconds)) return false;

        Interop.sockaddr_in6 name = default;
        Span<byte> control = stackalloc byte[256];
        nint n;
        Interop.msghdr msg;
        fixed (byte* data = buffer)
        fixed (byte* c = control)
        {
            var iov = new Interop.iovec { iov_base = data, iov_len = (nuint)buffer.Length };
            msg = new Interop.msghdr
            {
                msg_name = &name,
                msg_namelen = (uint)sizeof(Interop.sockaddr_in6),
                msg_iov = &iov,
                msg_iovlen = 1,
                msg_control = c,
                msg_controllen = (nuint)control.Length,
            };
            n = Interop.RecvMsg(_receive, &msg, Interop.MSG_DONTWAIT);
        }
        var timestamp = Stopwatch.GetTimestamp();
        if (n < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is Errno.EAGAIN or Errno.EINTR) return false;
            throw new LinuxNativeException($"receiving VRRP on ifindex {InterfaceIndex}", errno);
        }

        var info = ControlMessages.Parse(control[..(int)msg.msg_controllen]);
        var length = (int)Math.Min(n, buffer.Length);
        var source = _lastSource = SocketAddresses.Read(&name, _lastSource);
        IPAddress? destination = null;
        if (info.DestinationOffset >= 0)
            destination = _lastDestination = SocketAddresses.Reuse(control.Slice(info.DestinationOffset, info.DestinationLength), _lastDestination);

        int? ttl = Family == AddressFamily.InterNetwork
            ? (length >= 20 && buffer[0] >> 4 == 4 ? buffer[8] : null) // IPv4 header: TTL at octet 8 (RFC 791)
            : (info.HopLimit >= 0 ? info.HopLimit : null);
        var truncated = (msg.msg_flags & Interop.MSG_TRUNC) != 0 || n > buffer.Length;
        datagram = new VrrpDatagram(length, truncated, source, destination, info.InterfaceIndex, ttl, timestamp);
        return true;
    }

    private unsafe bool WaitReadable(int timeoutMilliseconds)
    {
        var added = false;
        _receive.DangerousAddRef(ref added);
        try
        {
            var p = new Interop.pollfd { fd = ((FileDescriptorHandle)_receive).Fd, events = Interop.POLLIN };
            var rc = Interop.Poll(&p, 1, timeoutMilliseconds);
            if (rc < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == Errno.EINTR) return false;
                throw new LinuxNativeException($"waiting for VRRP on ifindex {InterfaceIndex}", errno);
            }
            return rc > 0;
        }
        finally
        {
            if (added) _receive.DangerousRelease();
        }
    }

    public void Dispose()
    {
        _send.Dispose();
        _receive.Dispose();
    }
}
