using System.Runtime.InteropServices;

namespace KeepalivedSharp.Linux;

/// <summary>libc entry points shared by every socket kind: close, poll, interface names.</summary>
internal static partial class Interop
{
    internal const string Libc = "libc";

    internal const int IF_NAMESIZE = 16;
    internal const short POLLIN = 0x001;
    internal const short POLLERR = 0x008;
    internal const short POLLHUP = 0x010;
    internal const short POLLNVAL = 0x020;

    [StructLayout(LayoutKind.Sequential)]
    internal struct pollfd
    {
        public int fd;
        public short events;
        public short revents;
    }

    [LibraryImport(Libc, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    [LibraryImport(Libc, EntryPoint = "poll", SetLastError = true)]
    internal static unsafe partial int Poll(pollfd* fds, nuint nfds, int timeout);

    [LibraryImport(Libc, EntryPoint = "if_indextoname", SetLastError = true)]
    internal static unsafe partial byte* IfIndexToName(uint ifindex, byte* ifname);

    [LibraryImport(Libc, EntryPoint = "if_nametoindex", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial uint IfNameToIndex(string ifname);
}
