using KeepalivedSharp.Linux.Native;

namespace KeepalivedSharp.Linux.Netlink;

/// <summary>struct ifaddrmsg (linux/if_addr.h).</summary>
public readonly record struct IfAddrMsg(byte Family, byte PrefixLength, byte Flags, byte Scope, int Index)
{
    [CLayout("struct ifaddrmsg")]
    internal static class Layout
    {
        public const int SIZEOF = 8;
        public const int ifa_family = 0;
        public const int ifa_prefixlen = 1;
        public const int ifa_flags = 2;
        public const int ifa_scope = 3;
        public const int ifa_index = 4;
    }

    public const int Size = Layout.SIZEOF;

    public static IfAddrMsg Read(ReadOnlySpan<byte> s) => new(s[0], s[1], s[2], s[3], NativeEndian.ReadInt32(s[Layout.ifa_index..]));

    public void Write(Span<byte> s)
    {
        s[0] = Family; s[1] = PrefixLength; s[2] = Flags; s[3] = Scope;
        NativeEndian.WriteInt32(s[Layout.ifa_index..], Index);
    }
}

/// <summary>struct ifinfomsg (linux/rtnetlink.h).</summary>
public readonly record struct IfInfoMsg(byte Family, ushort Type, int Index, uint Flags, uint Change)
{
    [CLayout("struct ifinfomsg")]
    internal static class Layout
    {
        public const int SIZEOF = 16;
        public const int ifi_family = 0;
        public const int ifi_type = 2;
        public const int ifi_index = 4;
        public const int ifi_flags = 8;
        public const int ifi_change = 12;
    }

    public const int Size = Layout.SIZEOF;

    public static IfInfoMsg Read(ReadOnlySpan<byte> s) => new(
        s[0], NativeEndian.ReadUInt16(s[Layout.ifi_type..]), NativeEndian.ReadInt32(s[Layout.ifi_index..]),
        NativeEndian.ReadUInt32(s[Layout.ifi_flags..]), NativeEndian.ReadUInt32(s[Layout.ifi_change..]));

    public void Write(Span<byte> s)
    {
        s[0] = Family; s[1] = 0;
        NativeEndian.WriteUInt16(s[Layout.ifi_type..], Type);
        NativeEndian.WriteInt32(s[Layout.ifi_index..], Index);
        NativeEndian.WriteUInt32(s[Layout.ifi_flags..], Flags);
        NativeEndian.WriteUInt32(s[Layout.ifi_change..], Change);
    }
}

/// <summary>struct rtmsg (linux/rtnetlink.h).</summary>
public readonly record struct RtMsg(byte Family, byte DstLength, byte SrcLength, byte Tos, byte Table, byte Protocol, byte Scope, byte Type, uint Flags)
{
    [CLayout("struct rtmsg")]
    internal static class Layout
    {
        public const int SIZEOF = 12;
        public const int rtm_family = 0;
        public const int rtm_dst_len = 1;
        public const int rtm_src_len = 2;
        public const int rtm_tos = 3;
        public const int rtm_table = 4;
        public const int rtm_protocol = 5;
        public const int rtm_scope = 6;
        public const int rtm_type = 7;
        public const int rtm_flags = 8;
    }

    public const int Size = Layout.SIZEOF;

    public static RtMsg Read(ReadOnlySpan<byte> s) => new(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], NativeEndian.ReadUInt32(s[Layout.rtm_flags..]));

    public void Write(Span<byte> s)
    {
        s[0] = Family; s[1] = DstLength; s[2] = SrcLength; s[3] = Tos; s[4] = Table; s[5] = Protocol; s[6] = Scope; s[7] = Type;
        NativeEndian.WriteUInt32(s[Layout.rtm_flags..], Flags);
    }
}

/// <summary>struct fib_rule_hdr (linux/fib_rules.h); same shape as rtmsg with res1/res2/action.</summary>
public readonly record struct FibRuleHdr(byte Family, byte DstLength, byte SrcLength, byte Tos, byte Table, byte Action, uint Flags)
{
    [CLayout("struct fib_rule_hdr")]
    internal static class Layout
    {
        public const int SIZEOF = 12;
        public const int family = 0;
        public const int dst_len = 1;
        public const int src_len = 2;
        public const int tos = 3;
        public const int table = 4;
        public const int res1 = 5;
        public const int res2 = 6;
        public const int action = 7;
        public const int flags = 8;
    }

    public const int Size = Layout.SIZEOF;

    public static FibRuleHdr Read(ReadOnlySpan<byte> s) => new(s[0], s[1], s[2], s[3], s[4], s[Layout.action], NativeEndian.ReadUInt32(s[Layout.flags..]));

    public void Write(Span<byte> s)
    {
        s[0] = Family; s[1] = DstLength; s[2] = SrcLength; s[3] = Tos; s[4] = Table; s[5] = 0; s[6] = 0; s[7] = Action;
        NativeEndian.WriteUInt32(s[Layout.flags..], Flags);
    }
}
