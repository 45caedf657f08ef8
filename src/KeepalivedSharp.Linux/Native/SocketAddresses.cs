using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace KeepalivedSharp.Linux.Native;

/// <summary>Converts between <see cref="IPAddress"/> and sockaddr_in / sockaddr_in6.</summary>
internal static class SocketAddresses
{
    /// <summary>The address as the kernel stores an in_addr (network order bytes in memory).</summary>
    public static uint V4Raw(IPAddress a)
    {
        Span<byte> b = stackalloc byte[4];
        if (!a.TryWriteBytes(b, out var n) || n != 4) throw new ArgumentException($"{a} is not IPv4", nameof(a));
        return MemoryMarshal.Read<uint>(b);
    }

    /// <summary>Writes a sockaddr for <paramref name="a"/> into storage at least sockaddr_in6 large; returns its length.</summary>
    public static unsafe int Write(Interop.sockaddr_in6* storage, IPAddress a, int scopeIfindex)
    {
        if (a.AddressFamily == AddressFamily.InterNetwork)
        {
            var sin = (Interop.sockaddr_in*)storage;
            *sin = new Interop.sockaddr_in { sin_family = Interop.AF_INET, sin_addr = V4Raw(a) };
            return sizeof(Interop.sockaddr_in);
        }
        *storage = new Interop.sockaddr_in6 { sin6_family = Interop.AF_INET6 };
        a.TryWriteBytes(new Span<byte>(storage->sin6_addr, 16), out _);
        // Link-local unicast and multicast need the scope (the kernel refuses the bind otherwise).
        if (a.IsIPv6LinkLocal || a.IsIPv6Multicast) storage->sin6_scope_id = (uint)scopeIfindex;
        return sizeof(Interop.sockaddr_in6);
    }

    public static unsafe void Bind(FileDescriptorHandle fd, IPAddress a, int scopeIfindex)
    {
        Interop.sockaddr_in6 s = default;
        var len = Write(&s, a, scopeIfindex);
        Errno.ThrowIfNegative(Interop.Bind(fd, &s, (uint)len), $"binding to {a}");
    }

    /// <summary>Reads a sockaddr_in / sockaddr_in6, reusing <paramref name="previous"/> when it is the same address.</summary>
    public static unsafe IPAddress Read(Interop.sockaddr_in6* storage, IPAddress? previous)
    {
        if (storage->sin6_family == Interop.AF_INET)
        {
            var sin = (Interop.sockaddr_in*)storage;
            return Reuse(new ReadOnlySpan<byte>(&sin->sin_addr, 4), previous);
        }
        return Reuse(new ReadOnlySpan<byte>(storage->sin6_addr, 16), previous);
    }

    /// <summary>Returns <paramref name="previous"/> if it holds exactly these bytes, else a new address.</summary>
    public static IPAddress Reuse(ReadOnlySpan<byte> bytes, IPAddress? previous)
    {
        if (previous is not null)
        {
            Span<byte> old = stackalloc byte[16];
            if (previous.TryWriteBytes(old, out var n) && old[..n].SequenceEqual(bytes)) return previous;
        }
        return new IPAddress(bytes);
    }
}
