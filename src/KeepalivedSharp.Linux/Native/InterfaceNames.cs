using System.Runtime.InteropServices;

namespace KeepalivedSharp.Linux.Native;

/// <summary>Interface index to name and back, via libc (if_indextoname / if_nametoindex).</summary>
public static class InterfaceNames
{
    /// <summary>The name of interface <paramref name="ifindex"/> in the caller's network namespace.</summary>
    public static unsafe string NameOf(int ifindex)
    {
        byte* buf = stackalloc byte[Interop.IF_NAMESIZE + 1];
        if (Interop.IfIndexToName((uint)ifindex, buf) == null)
            throw Errno.Last($"looking up interface index {ifindex}");
        return Marshal.PtrToStringUTF8((IntPtr)buf) ?? "";
    }

    /// <summary>The index of interface <paramref name="name"/>; throws ENODEV when absent.</summary>
    public static int IndexOf(string name)
    {
        var i = Interop.IfNameToIndex(name);
        if (i == 0) throw Errno.Last($"looking up interface {name}");
        return (int)i;
    }
}
