using System.Runtime.InteropServices;

namespace KeepalivedSharp.Linux;

/// <summary>BSD socket calls and the generic socket structs (sys/socket.h, netinet/in.h).</summary>
internal static partial class Interop
{
    internal const int AF_UNSPEC = 0;
    internal const int AF_INET = 2;
    internal const int AF_INET6 = 10;
    internal const int AF_NETLINK = 16;
    internal const int AF_PACKET = 17;

    internal const int SOCK_DGRAM = 2;
    internal const int SOCK_RAW = 3;
    internal const int SOCK_NONBLOCK = 0x800;
    internal const int SOCK_CLOEXEC = 0x80000;

    internal const int SOL_SOCKET = 1;
    internal const int SO_SNDBUF = 7;
    internal const int SO_RCVBUF = 8;
    internal const int SO_BINDTODEVICE = 25;
    internal const int SO_ATTACH_FILTER = 26;
    internal const int SO_RCVBUFFORCE = 33;

    internal const int MSG_DONTWAIT = 0x40;
    internal const int MSG_TRUNC = 0x20;
    internal const int MSG_CTRUNC = 0x08;

    internal const int IPPROTO_IP = 0;
    internal const int IPPROTO_IPV6 = 41;
    internal const int IPPROTO_VRRP = 112;

    [StructLayout(LayoutKind.Sequential)]
    internal struct sockaddr_in
    {
        public ushort sin_family;
        public ushort sin_port;
        public uint sin_addr;
        public ulong sin_zero;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct sockaddr_in6
    {
        public ushort sin6_family;
        public ushort sin6_port;
        public uint sin6_flowinfo;
        public fixed byte sin6_addr[16];
        public uint sin6_scope_id;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct iovec
    {
        public void* iov_base;
        public nuint iov_len;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct msghdr
    {
        public void* msg_name;
        public uint msg_namelen;
        public iovec* msg_iov;
        public nuint msg_iovlen;
        public void* msg_control;
        public nuint msg_controllen;
        public int msg_flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct cmsghdr
    {
        public nuint cmsg_len;
        public int cmsg_level;
        public int cmsg_type;
    }

    /// <summary>One classic BPF instruction (linux/filter.h).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct sock_filter
    {
        public ushort code;
        public byte jt;
        public byte jf;
        public uint k;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct sock_fprog
    {
        public ushort len;
        public sock_filter* filter;
    }

    [LibraryImport(Libc, EntryPoint = "socket", SetLastError = true)]
    internal static partial int Socket(int domain, int type, int protocol);

    [LibraryImport(Libc, EntryPoint = "bind", SetLastError = true)]
    internal static unsafe partial int Bind(SafeHandle fd, void* addr, uint addrlen);

    [LibraryImport(Libc, EntryPoint = "getsockname", SetLastError = true)]
    internal static unsafe partial int GetSockName(SafeHandle fd, void* addr, uint* addrlen);

    [LibraryImport(Libc, EntryPoint = "setsockopt", SetLastError = true)]
    internal static unsafe partial int SetSockOpt(SafeHandle fd, int level, int optname, void* optval, uint optlen);

    [LibraryImport(Libc, EntryPoint = "sendmsg", SetLastError = true)]
    internal static unsafe partial nint SendMsg(SafeHandle fd, msghdr* msg, int flags);

    [LibraryImport(Libc, EntryPoint = "recvmsg", SetLastError = true)]
    internal static unsafe partial nint RecvMsg(SafeHandle fd, msghdr* msg, int flags);

    [LibraryImport(Libc, EntryPoint = "sendto", SetLastError = true)]
    internal static unsafe partial nint SendTo(SafeHandle fd, void* buf, nuint len, int flags, void* addr, uint addrlen);
}
