using System.Runtime.InteropServices;
using System.Text;
using KeepalivedSharp.Linux.Native;

namespace KeepalivedSharp.Linux.Processes;

/// <summary>
/// A notify FIFO opened as keepalived's fifo_open() does: mkfifo(path, 0644) when missing (then chowned to the
/// fifo's user), opened O_RDWR|O_NONBLOCK|O_NOFOLLOW|O_CLOEXEC, so writes never block and never wait for a reader,
/// and a symlink planted at the path is refused (ELOOP). We also refuse a path that is not a FIFO, so a regular file
/// planted there is never written. A full FIFO drops the line (EAGAIN), as keepalived does.
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

    /// <summary>Creates (when missing) and opens the FIFO; <paramref name="owner"/> is applied to a FIFO we created.</summary>
    public static NotifyFifoFile Open(string path, ProcessCredentials? owner = null)
    {
        var created = ProcessInterop.Mkfifo(path, Mode0644) == 0;
        if (!created && Marshal.GetLastPInvokeError() != Errno.EEXIST) throw Errno.Last($"creating notify fifo {path}");
        var fd = ProcessInterop.Open(path, ProcessInterop.O_RDWR | ProcessInterop.O_NONBLOCK | ProcessInterop.O_CLOEXEC | O_NOFOLLOW, 0);
        if (fd < 0)
        {
            var e = Errno.Last($"opening notify fifo {path}");
            if (created) _ = ProcessInterop.Unlink(path);
            throw e;
        }
        var st = FileStatus.TryLstat(path, out _);
        if (st is not { IsFifo: true })
        {
            _ = Interop.Close(fd);
            throw new LinuxNativeException($"notify fifo {path} exists and is not a FIFO - not using it");
        }
        var current = ProcessCredentials.Current;
        if (created && owner is { } o && o != current
            && ProcessInterop.Fchown(fd, o.Uid != current.Uid ? o.Uid : uint.MaxValue, o.Gid != current.Gid ? o.Gid : uint.MaxValue) != 0)
        {
            // keepalived only logs "Failed to set uid:gid for fifo"; the fifo stays usable.
        }
        return new NotifyFifoFile(path, fd, created);
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
