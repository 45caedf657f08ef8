using System.Runtime.InteropServices;

namespace KeepalivedSharp.Linux;

/// <summary>setns(2) for network namespaces (sched.h).</summary>
internal static partial class Interop
{
    internal const int CLONE_NEWNET = 0x40000000;

    [LibraryImport(Libc, EntryPoint = "setns", SetLastError = true)]
    internal static partial int SetNs(SafeHandle fd, int nstype);
}
