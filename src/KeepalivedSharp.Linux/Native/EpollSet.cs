using System.Runtime.InteropServices;
using KeepalivedSharp.Linux.Processes;

namespace KeepalivedSharp.Linux.Native;

/// <summary>
/// One epoll set plus an eventfd: a single thread waits for any of many descriptors, for a
/// deadline with nanosecond resolution (epoll_pwait2, Linux 5.11+), or for <see cref="Wake"/>
/// from another thread. Descriptors are added with a caller's token, reported back when readable (or writable, if asked).
/// Without epoll_pwait2 the timeout is rounded down to whole milliseconds (epoll_wait): the caller
/// sleeps the rest precisely.
/// </summary>
public sealed class EpollSet : IDisposable
{
    private const ulong WakeToken = ulong.MaxValue;
    private readonly FileDescriptorHandle _epoll;
    private readonly FileDescriptorHandle _event;
    private readonly Interop.epoll_event[] _ready;
    private static bool s_noPwait2;

    public EpollSet(int maxEvents = 64)
    {
        _epoll = FileDescriptorHandle.Adopt(Interop.EpollCreate1(Interop.EPOLL_CLOEXEC), "epoll_create1");
        try
        {
            _event = FileDescriptorHandle.Adopt(Interop.EventFd(0, Interop.EFD_CLOEXEC | Interop.EFD_NONBLOCK), "eventfd");
            Add(_event.Fd, WakeToken);
        }
        catch
        {
            _epoll.Dispose();
            throw;
        }
        _ready = new Interop.epoll_event[maxEvents];
    }

    /// <summary>Whether waits have nanosecond resolution (false: whole milliseconds, rounded down).</summary>
    public static bool PreciseTimeout => !s_noPwait2;

    /// <summary>Watches <paramref name="fd"/> for input (or, when <paramref name="writable"/>, for output); any thread.</summary>
    public unsafe void Add(int fd, ulong token, bool writable = false)
    {
        var ev = new Interop.epoll_event { events = writable ? Interop.EPOLLOUT : Interop.EPOLLIN, data = token };
        if (Interop.EpollCtl(_epoll.Fd, Interop.EPOLL_CTL_ADD, fd, &ev) < 0) throw Errno.Last($"epoll_ctl add fd {fd}");
    }

    /// <summary>Switches a watched <paramref name="fd"/> between input and output; any thread.</summary>
    public unsafe void Modify(int fd, ulong token, bool writable)
    {
        var ev = new Interop.epoll_event { events = writable ? Interop.EPOLLOUT : Interop.EPOLLIN, data = token };
        if (Interop.EpollCtl(_epoll.Fd, Interop.EPOLL_CTL_MOD, fd, &ev) < 0) throw Errno.Last($"epoll_ctl mod fd {fd}");
    }

    /// <summary>Stops watching <paramref name="fd"/> (before it is closed); any thread.</summary>
    public unsafe void Remove(int fd)
    {
        var ev = default(Interop.epoll_event);
        if (Interop.EpollCtl(_epoll.Fd, Interop.EPOLL_CTL_DEL, fd, &ev) < 0 && Marshal.GetLastPInvokeError() != Errno.ENOENT)
            throw Errno.Last($"epoll_ctl del fd {fd}");
    }

    /// <summary>Makes the current or next <see cref="Wait"/> return; any thread.</summary>
    public unsafe void Wake()
    {
        ulong one = 1;
        ProcessInterop.Write(_event.Fd, (byte*)&one, sizeof(ulong));
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> (null: forever) and writes the tokens of the readable
    /// descriptors into <paramref name="tokens"/>; returns how many. <paramref name="woken"/> tells
    /// whether <see cref="Wake"/> was called (the wake-up is consumed).
    /// </summary>
    public unsafe int Wait(TimeSpan? timeout, Span<ulong> tokens, out bool woken)
    {
        woken = false;
        int n;
        fixed (Interop.epoll_event* ev = _ready)
        {
            int max = Math.Min(_ready.Length, tokens.Length + 1);
            n = s_noPwait2 ? WaitMilliseconds(ev, max, timeout) : WaitPrecise(ev, max, timeout);
            if (n < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno == Errno.EINTR) return 0;
                throw new LinuxNativeException("epoll_wait", errno);
            }
        }
        int count = 0;
        for (int i = 0; i < n; i++)
        {
            if (_ready[i].data == WakeToken)
            {
                woken = true;
                ulong value;
                ProcessInterop.Read(_event.Fd, (byte*)&value, sizeof(ulong));
            }
            else tokens[count++] = _ready[i].data;
        }
        return count;
    }

    private unsafe int WaitPrecise(Interop.epoll_event* ev, int max, TimeSpan? timeout)
    {
        int n;
        if (timeout is not { } t) n = Interop.EpollPwait2(_epoll.Fd, ev, max, null, null);
        else
        {
            long ns = Math.Max(0, t.Ticks) * 100;
            var ts = new Interop.timespec { tv_sec = ns / 1_000_000_000, tv_nsec = ns % 1_000_000_000 };
            n = Interop.EpollPwait2(_epoll.Fd, ev, max, &ts, null);
        }
        if (n < 0 && Marshal.GetLastPInvokeError() == Errno.ENOSYS)
        {
            s_noPwait2 = true;
            return WaitMilliseconds(ev, max, timeout);
        }
        return n;
    }

    private unsafe int WaitMilliseconds(Interop.epoll_event* ev, int max, TimeSpan? timeout)
    {
        int ms = timeout is { } t ? (int)Math.Clamp(t.Ticks / TimeSpan.TicksPerMillisecond, 0, int.MaxValue) : -1;
        return Interop.EpollWait(_epoll.Fd, ev, max, ms);
    }

    public void Dispose()
    {
        _event.Dispose();
        _epoll.Dispose();
    }
}
