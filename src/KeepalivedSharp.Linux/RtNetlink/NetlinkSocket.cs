using System.Runtime.InteropServices;
using System.Text;
using KeepalivedSharp.Linux.Native;
using KeepalivedSharp.Linux.Netlink;

namespace KeepalivedSharp.Linux.RtNetlink;

/// <summary>Receives one message of a dump; the span is only valid during the call.</summary>
public delegate void NetlinkMessageHandler(NetlinkMessage message);

/// <summary>
/// An AF_NETLINK socket: NETLINK_ROUTE, or NETLINK_GENERIC (<see cref="OpenGeneric"/>). Requests are serialised by a lock; each is acknowledged and a
/// kernel error becomes a <see cref="LinuxNativeException"/> carrying the request's description and,
/// when the kernel gives one, its extended-ack text. Only datagrams from the kernel (nl_pid 0) count.
/// </summary>
public sealed class NetlinkSocket : IDisposable
{
    private const int BufferSize = 64 * 1024;
    private readonly FileDescriptorHandle _fd;
    private readonly byte[] _receive = new byte[BufferSize];
    private readonly byte[] _request = new byte[4096];
    private readonly Lock _lock = new();
    private uint _sequence = (uint)Environment.TickCount;

    private readonly string _what;

    private NetlinkSocket(FileDescriptorHandle fd, string what)
    {
        _fd = fd;
        _what = what;
    }

    /// <summary>Opens a socket; <paramref name="groups"/> is an RTMGRP_* mask for monitoring, 0 for requests.</summary>
    public static NetlinkSocket Open(uint groups = 0, int receiveBufferSize = 0)
        => Open(Interop.NETLINK_ROUTE, "rtnetlink", groups, receiveBufferSize);

    /// <summary>A generic netlink socket for requests (IPVS, after its family id is resolved).</summary>
    public static NetlinkSocket OpenGeneric(int receiveBufferSize = 0)
        => Open(Interop.NETLINK_GENERIC, "generic netlink", 0, receiveBufferSize);

    private static unsafe NetlinkSocket Open(int protocol, string what, uint groups, int receiveBufferSize)
    {
        var fd = FileDescriptorHandle.OpenSocket(Interop.AF_NETLINK, Interop.SOCK_RAW, protocol, what);
        try
        {
            if (receiveBufferSize > 0)
                SocketOptions.SetInt(fd, Interop.SOL_SOCKET, Interop.SO_RCVBUF, receiveBufferSize, "SO_RCVBUF");
            // Extended acks add the kernel's reason text to errors; older kernels refuse it, which is fine.
            var one = 1;
            _ = Interop.SetSockOpt(fd, Interop.SOL_NETLINK, Interop.NETLINK_EXT_ACK, &one, sizeof(int));
            var addr = new Interop.sockaddr_nl { nl_family = Interop.AF_NETLINK, nl_groups = groups };
            Errno.ThrowIfNegative(Interop.Bind(fd, &addr, (uint)sizeof(Interop.sockaddr_nl)), $"binding {what} socket");
            return new NetlinkSocket(fd, what);
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Sends a request built by <paramref name="build"/> and waits for its ACK; on error throws with the
    /// text from <paramref name="describe"/>, which runs only then (it may make requests of its own).
    /// </summary>
    public void Execute(RequestBuilder build, Func<string> describe) => Request(build, null, describe);

    /// <summary>
    /// Like <see cref="Execute"/>, and hands each reply message before the ACK or NLMSG_DONE to
    /// <paramref name="handler"/> (a generic netlink GET, or a dump built by <paramref name="build"/>).
    /// </summary>
    public void Request(RequestBuilder build, NetlinkMessageHandler? handler, Func<string> describe)
    {
        int error;
        string? text;
        lock (_lock)
        {
            var seq = ++_sequence;
            Send(build(_request, seq), $"sending {_what} request");
            (error, text) = ReadReplies(seq, $"{_what} request", handler);
        }
        if (error != 0)
        {
            var what = describe();
            throw new LinuxNativeException(text is null ? what : $"{what} ({text})", error);
        }
    }

    /// <summary>Sends a dump request and hands each reply message to <paramref name="handler"/> until NLMSG_DONE.</summary>
    public void Dump(ushort type, byte family, NetlinkMessageHandler handler, string description)
    {
        lock (_lock)
        {
            var seq = ++_sequence;
            Send(RtNetlinkRequests.Dump(_request, seq, type, family), description);
            var (error, text) = ReadReplies(seq, description, handler);
            if (error != 0) throw new LinuxNativeException(text is null ? description : $"{description} ({text})", error);
        }
    }

    /// <summary>Builds a request into a buffer with a sequence number.</summary>
    public delegate ReadOnlySpan<byte> RequestBuilder(Span<byte> buffer, uint sequence);

    private unsafe void Send(ReadOnlySpan<byte> message, string description)
    {
        var kernel = new Interop.sockaddr_nl { nl_family = Interop.AF_NETLINK };
        fixed (byte* p = message)
        {
            var n = Interop.SendTo(_fd, p, (nuint)message.Length, 0, &kernel, (uint)sizeof(Interop.sockaddr_nl));
            Errno.ThrowIfNegative(n, description);
        }
    }

    /// <summary>
    /// The kernel answers every request at once; one that stays silent this long fails with
    /// ETIMEDOUT, so that no caller waits without bound (a late reply is skipped by its sequence).
    /// </summary>
    public const int ReplyDeadlineMilliseconds = 2_000;

    /// <summary>Reads until the ACK / DONE for <paramref name="seq"/>; returns the errno (0 = success) and extended-ack text.</summary>
    private (int Error, string? Text) ReadReplies(uint seq, string description, NetlinkMessageHandler? handler)
    {
        var deadline = Environment.TickCount64 + ReplyDeadlineMilliseconds;
        while (true)
        {
            var left = deadline - Environment.TickCount64;
            if (left <= 0) throw new LinuxNativeException(description + " (no reply from the kernel)", Errno.ETIMEDOUT);
            var n = Receive((int)left);
            if (n <= 0) continue;
            var reader = new NetlinkReader(_receive.AsSpan(0, n));
            while (reader.TryRead(out var m))
            {
                if (m.Header.Sequence != seq) continue;
                switch (m.Header.Type)
                {
                    case NetlinkMessageType.NLMSG_DONE:
                        // A dump that failed part way carries the errno in NLMSG_DONE (netlink_dump, dump_done_errno).
                        return m.Payload.Length >= 4 && NativeEndian.ReadInt32(m.Payload) < 0 ? (-NativeEndian.ReadInt32(m.Payload), null) : (0, null);
                    case NetlinkMessageType.NLMSG_ERROR:
                        return NetlinkAck.Decode(m);
                    case NetlinkMessageType.NLMSG_OVERRUN:
                        return (Errno.ENOBUFS, null);
                    default:
                        handler?.Invoke(m);
                        break;
                }
            }
        }
    }

    /// <summary>
    /// Waits up to <paramref name="timeoutMilliseconds"/> and reads one datagram from the kernel into the
    /// internal buffer; returns its length, 0 on timeout or for a datagram not from the kernel.
    /// </summary>
    internal unsafe int Receive(int timeoutMilliseconds)
    {
        var added = false;
        _fd.DangerousAddRef(ref added);
        try
        {
            var p = new Interop.pollfd { fd = _fd.Fd, events = Interop.POLLIN };
            var rc = Interop.Poll(&p, 1, timeoutMilliseconds);
            if (rc < 0)
            {
                var e = Marshal.GetLastPInvokeError();
                if (e == Errno.EINTR) return 0;
                throw new LinuxNativeException($"waiting on {_what}", e);
            }
            if (rc == 0) return 0;
        }
        finally
        {
            if (added) _fd.DangerousRelease();
        }

        Interop.sockaddr_nl from = default;
        fixed (byte* b = _receive)
        {
            var iov = new Interop.iovec { iov_base = b, iov_len = (nuint)_receive.Length };
            var msg = new Interop.msghdr { msg_name = &from, msg_namelen = (uint)sizeof(Interop.sockaddr_nl), msg_iov = &iov, msg_iovlen = 1 };
            var n = Interop.RecvMsg(_fd, &msg, Interop.MSG_DONTWAIT);
            if (n < 0)
            {
                var e = Marshal.GetLastPInvokeError();
                if (e is Errno.EAGAIN or Errno.EINTR) return 0;
                throw new LinuxNativeException($"reading {_what}", e);
            }
            // Anything not sent by the kernel itself (another process spoofing events) is ignored.
            if (from.nl_pid != 0) return 0;
            return (int)n;
        }
    }

    /// <summary>The datagram last read by <see cref="Receive"/>.</summary>
    internal ReadOnlySpan<byte> Received(int length) => _receive.AsSpan(0, length);

    /// <summary>NLMSGERR_ATTR_MSG from an extended ACK, if present.</summary>
    public void Dispose() => _fd.Dispose();
}
