using System.Runtime.InteropServices;

namespace KeepalivedSharp.Linux.Native;

/// <summary>Owns one kernel file descriptor and closes it exactly once.</summary>
internal sealed class FileDescriptorHandle : SafeHandle
{
    public FileDescriptorHandle() : base(new IntPtr(-1), ownsHandle: true) { }

    private FileDescriptorHandle(int fd) : base(new IntPtr(-1), ownsHandle: true) => SetHandle(new IntPtr(fd));

    public override bool IsInvalid => handle.ToInt64() < 0;

    public int Fd => (int)handle.ToInt64();

    /// <summary>socket(2) with close-on-exec; throws with <paramref name="what"/> on failure.</summary>
    public static FileDescriptorHandle OpenSocket(int domain, int type, int protocol, string what)
    {
        var fd = Interop.Socket(domain, type | Interop.SOCK_CLOEXEC, protocol);
        if (fd < 0) throw Errno.Last($"opening {what} socket");
        return new FileDescriptorHandle(fd);
    }

    /// <summary>Owns <paramref name="fd"/>, the result of a call that returns a descriptor or -1; throws with <paramref name="what"/> on -1.</summary>
    public static FileDescriptorHandle Adopt(int fd, string what)
    {
        if (fd < 0) throw Errno.Last(what);
        return new FileDescriptorHandle(fd);
    }

    protected override bool ReleaseHandle() => Interop.Close(Fd) == 0;
}
