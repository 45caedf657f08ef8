using System.Runtime.InteropServices;

namespace KeepalivedSharp.Linux;

/// <summary>epoll(7) and eventfd(2): one wait over many descriptors, woken from other threads.</summary>
internal static partial class Interop
{
    internal const int EPOLL_CLOEXEC = 0x80000;
    internal const int EPOLL_CTL_ADD = 1;
    internal const int EPOLL_CTL_DEL = 2;
    internal const int EPOLL_CTL_MOD = 3;
    internal const uint EPOLLOUT = 0x004;
    internal const uint EPOLLIN = 0x001;
    internal const int EFD_CLOEXEC = 0x80000;
    internal const int EFD_NONBLOCK = 0x800;

    /// <summary>struct epoll_event: packed on x86-64 (12 bytes; sys/epoll.h __EPOLL_PACKED).</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    internal struct epoll_event
    {
        public uint events;
        public ulong data;
    }

    [LibraryImport(Libc, EntryPoint = "epoll_create1", SetLastError = true)]
    internal static partial int EpollCreate1(int flags);

    [LibraryImport(Libc, EntryPoint = "epoll_ctl", SetLastError = true)]
    internal static unsafe partial int EpollCtl(int epfd, int op, int fd, epoll_event* ev);

    [LibraryImport(Libc, EntryPoint = "epoll_wait", SetLastError = true)]
    internal static unsafe partial int EpollWait(int epfd, epoll_event* events, int maxevents, int timeout);

    /// <summary>Linux 5.11+, glibc 2.35+: a timespec timeout (nanoseconds, not whole milliseconds); null: forever.</summary>
    [LibraryImport(Libc, EntryPoint = "epoll_pwait2", SetLastError = true)]
    internal static unsafe partial int EpollPwait2(int epfd, epoll_event* events, int maxevents, timespec* timeout, void* sigmask);

    [LibraryImport(Libc, EntryPoint = "eventfd", SetLastError = true)]
    internal static partial int EventFd(uint initval, int flags);
}
