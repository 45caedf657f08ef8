using System.Text;

namespace KeepalivedSharp.Linux.Native;

/// <summary>setsockopt / bind helpers over a descriptor; each failure names the option.</summary>
internal static class SocketOptions
{
    public static unsafe void SetInt(FileDescriptorHandle fd, int level, int option, int value, string name)
    {
        var rc = Interop.SetSockOpt(fd, level, option, &value, sizeof(int));
        Errno.ThrowIfNegative(rc, $"setting {name}={value}");
    }

    public static unsafe void Set<T>(FileDescriptorHandle fd, int level, int option, in T value, string name) where T : unmanaged
    {
        fixed (T* p = &value)
        {
            var rc = Interop.SetSockOpt(fd, level, option, p, (uint)sizeof(T));
            Errno.ThrowIfNegative(rc, $"setting {name}");
        }
    }

    /// <summary>SO_BINDTODEVICE by interface name, like keepalived (works on kernels before SO_BINDTOIFINDEX).</summary>
    public static unsafe void BindToDevice(FileDescriptorHandle fd, int ifindex)
    {
        var name = InterfaceNames.NameOf(ifindex);
        Span<byte> buf = stackalloc byte[Interop.IF_NAMESIZE + 1];
        buf.Clear();
        var n = Encoding.ASCII.GetBytes(name, buf);
        fixed (byte* p = buf)
        {
            var rc = Interop.SetSockOpt(fd, Interop.SOL_SOCKET, Interop.SO_BINDTODEVICE, p, (uint)n + 1);
            Errno.ThrowIfNegative(rc, $"binding socket to device {name} (ifindex {ifindex})");
        }
    }

    /// <summary>Attaches a one-instruction BPF program that drops everything: a send-only socket queues nothing.</summary>
    public static unsafe void DropAllReceived(FileDescriptorHandle fd)
    {
        const ushort BPF_RET_K = 0x06; // BPF_RET | BPF_K
        var insn = new Interop.sock_filter { code = BPF_RET_K, k = 0 };
        var prog = new Interop.sock_fprog { len = 1, filter = &insn };
        var rc = Interop.SetSockOpt(fd, Interop.SOL_SOCKET, Interop.SO_ATTACH_FILTER, &prog, (uint)sizeof(Interop.sock_fprog));
        Errno.ThrowIfNegative(rc, "attaching drop-all receive filter");
    }
}
