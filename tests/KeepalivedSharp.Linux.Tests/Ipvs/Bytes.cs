using System.Buffers.Binary;

namespace KeepalivedSharp.Linux.Tests.Ipvs;

/// <summary>Netlink bytes built by hand (little-endian host, as the test machines are), independent of NetlinkWriter.</summary>
internal static class Bytes
{
    public static byte[] Attr(ushort type, params byte[] value)
    {
        var len = 4 + value.Length;
        var b = new byte[(len + 3) & ~3];
        BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)len);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(2), type);
        value.CopyTo(b, 4);
        return b;
    }

    public static byte[] Nest(ushort type, params byte[][] children) => Attr((ushort)(type | 0x8000), [.. children.SelectMany(c => c)]);

    public static byte[] U16(ushort v) => [(byte)v, (byte)(v >> 8)];

    public static byte[] Be16(ushort v) => [(byte)(v >> 8), (byte)v];

    public static byte[] U32(uint v) => [(byte)v, (byte)(v >> 8), (byte)(v >> 16), (byte)(v >> 24)];

    public static byte[] U64(ulong v) => [.. U32((uint)v), .. U32((uint)(v >> 32))];

    /// <summary>union nf_inet_addr: the address, zero padded to 16 octets.</summary>
    public static byte[] Addr(string ip)
    {
        var b = new byte[16];
        System.Net.IPAddress.Parse(ip).GetAddressBytes().CopyTo(b, 0);
        return b;
    }

    public static byte[] Str(string s) => [.. System.Text.Encoding.ASCII.GetBytes(s), 0];

    /// <summary>One netlink message: nlmsghdr, genlmsghdr {cmd, version 1}, attributes.</summary>
    public static byte[] Message(ushort type, ushort flags, uint seq, byte cmd, params byte[][] attrs)
    {
        byte[] body = [cmd, 1, 0, 0, .. attrs.SelectMany(a => a)];
        var b = new byte[16 + body.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(b, (uint)b.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(4), type);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(6), flags);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(8), seq);
        body.CopyTo(b, 16);
        return b;
    }
}
