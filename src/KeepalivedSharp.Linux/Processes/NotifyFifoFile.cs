using System.Runtime.InteropServices;
using System.Text;
using KeepalivedSharp.Linux.Native;

namespace KeepalivedSharp.Linux.Processes;

/// <summary>
/// A notify FIFO opened as keepalived's fifo_open() does: mkfifo(path, 0644) when missing (then chowned to the
/// fifo's user), opened O_RDWR|O_NONBLOCK|O_NOFOLLOW|O_CLOEXEC, so writes never block and never wait for a reader,
/// and a symlink planted at the path is refused (ELOOP). We also refuse a path that is not a FIFO, so a regular file
/// planted there is never written, and a FIFO others could have planted or can write to (<see cref="Open"/>). A full
/// FIFO drops the line (EAGAIN), as keepalived does.
/// </summary>
public sealed class NotifyFifoFile : IDisposable
{
    private const uint Mode0644 = 0x1a4;
    private const int O_NOFOLLOW = 0x20000;
    private readonly Lock _gate = new();
    private int _fd;

    private NotifyFifoFile(string path, int fd, bool created)
    {
        Path = path;
        _fd = fd;
        Created = created;
    }

    public string Path { get; }

    /// <summary>We created the FIFO (so we unlink it on dispose, as keepalived does).</summary>
    public bool Created { get; }

    /// <summary>
    /// Creates (when missing) and opens the FIFO; <paramref name="owner"/> is applied to a FIFO we created. An existing
    /// path is looked at before it is opened (opening a device or a file has effects of its own) and what was opened is
    /// checked again through the descriptor (the name may have been swapped in between). Refused, beyond keepalived:
    /// anything but a FIFO; a FIFO others can write to (they could feed forged state lines to the fifo script, which
    /// runs as root by default); and a FIFO of another user (not root, us or <paramref name="owner"/>) in a directory
    /// others can write to, such as /tmp, where anyone may have planted it.
    /// </summary>
    public static NotifyFifoFile Open(string path, ProcessCredentials? owner = null)
    {
        var created = ProcessInterop.Mkfifo(path, Mode0644) == 0;
        if (!created)
        {
            if (Marshal.GetLastPInvokeError() != Errno.EEXIST) throw Errno.Last($"creating notify fifo {path}");
            if (FileStatus.TryLstat(path, out var lstatErrno) is not { } seen) throw new LinuxNativeException($"looking at notify fifo {path}", lstatErrno);
            if (!seen.IsSymlink) Refuse(path, seen, owner); // a symlink is refused by O_NOFOLLOW (ELOOP) below
        }
        var fd = ProcessInterop.Open(path, ProcessInterop.O_RDWR | ProcessInterop.O_NONBLOCK | ProcessInterop.O_CLOEXEC | O_NOFOLLOW, 0);
        if (fd < 0)
        {
            var e = Errno.Last($"opening notify fifo {path}");
            if (created) _ = ProcessInterop.Unlink(path);
            throw e;
        }
        try
        {
            if (FileStatus.TryFstat(fd, out var fstatErrno) is not { } opened) throw new LinuxNativeException($"looking at notify fifo {path}", fstatErrno);
            Refuse(path, opened, owner);
        }
        catch (LinuxNativeException)
        {
            _ = Interop.Close(fd);
            throw;
        }
        var current = ProcessCredentials.Current;
        if (created && owner is { } o && o != current
            && ProcessInterop.Fchown(fd, o.Uid != current.Uid ? o.Uid : uint.MaxValue, o.Gid != current.Gid ? o.Gid : uint.MaxValue) != 0)
        {
            // keepalived only logs "Failed to set uid:gid for fifo"; the fifo stays usable.
        }
        return new NotifyFifoFile(path, fd, created);
    }

    /// <summary>Throws unless <paramref name="st"/> is a FIFO only trusted users can write to or could have placed.</summary>
    private static void Refuse(string path, FileStatus st, ProcessCredentials? owner)
    {
        if (!st.IsFifo) throw new LinuxNativeException($"notify fifo {path} exists and is not a FIFO - not using it");
        var current = ProcessCredentials.Current;
        bool Trusted(uint uid) => uid == 0 || uid == current.Uid || uid == owner?.Uid;
        bool TrustedGroup(uint gid) => gid == 0 || gid == current.Gid || gid == owner?.Gid;
        if ((st.Mode & FileStatus.S_IWOTH) != 0 || ((st.Mode & FileStatus.S_IWGRP) != 0 && !TrustedGroup(st.Gid)))
            throw new LinuxNativeException($"notify fifo {path} is writable by other users (mode {Convert.ToString(st.Mode & 0xFFF, 8)}) - not using it");
        if (Trusted(st.Uid)) return;
        var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? "/";
        if (FileStatus.TryStat(dir, out _) is not { } d
            || (d.Mode & FileStatus.S_IWOTH) != 0 || ((d.Mode & FileStatus.S_IWGRP) != 0 && !TrustedGroup(d.Gid)))
            throw new LinuxNativeException($"notify fifo {path} belongs to uid {st.Uid} in a directory other users can write to - not using it");
    }

    /// <summary>Writes one line (a '\n' is added); false when the FIFO is full or closed (the line is dropped).</summary>
    public unsafe bool WriteLine(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        lock (_gate)
        {
            if (_fd < 0) return false;
            fixed (byte* p = bytes)
                return ProcessInterop.Write(_fd, p, (nuint)bytes.Length) == bytes.Length;
        }
    }

    /// <summary>Unlinks a FIFO we created first (so a reader looping on open cannot reopen it), then closes.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_fd < 0) return;
            if (Created) _ = ProcessInterop.Unlink(Path);
            _ = Interop.Close(_fd);
            _fd = -1;
        }
    }
}
