using KeepalivedSharp.Linux.Native;

namespace KeepalivedSharp.Linux.Netlink;

/// <summary>struct nlmsghdr: {u32 len; u16 type; u16 flags; u32 seq; u32 pid}, host byte order.</summary>
public readonly record struct NetlinkHeader(uint Length, ushort Type, ushort Flags, uint Sequence, uint PortId)
{
    [CLayout("struct nlmsghdr")]
    internal static class Layout
    {
        public const int SIZEOF = 16;
        public const int nlmsg_len = 0;
        public const int nlmsg_type = 4;
        public const int nlmsg_flags = 6;
        public const int nlmsg_seq = 8;
        public const int nlmsg_pid = 12;
    }

    public const int Size = Layout.SIZEOF;

    /// <summary>NLMSG_ALIGN: messages and attributes are padded to 4 octets.</summary>
    public static int Align(int n) => (n + 3) & ~3;

    public static NetlinkHeader Read(ReadOnlySpan<byte> s) => new(
        NativeEndian.ReadUInt32(s),
        NativeEndian.ReadUInt16(s[Layout.nlmsg_type..]),
        NativeEndian.ReadUInt16(s[Layout.nlmsg_flags..]),
        NativeEndian.ReadUInt32(s[Layout.nlmsg_seq..]),
        NativeEndian.ReadUInt32(s[Layout.nlmsg_pid..]));

    public void Write(Span<byte> s)
    {
        NativeEndian.WriteUInt32(s, Length);
        NativeEndian.WriteUInt16(s[Layout.nlmsg_type..], Type);
        NativeEndian.WriteUInt16(s[Layout.nlmsg_flags..], Flags);
        NativeEndian.WriteUInt32(s[Layout.nlmsg_seq..], Sequence);
        NativeEndian.WriteUInt32(s[Layout.nlmsg_pid..], PortId);
    }
}
