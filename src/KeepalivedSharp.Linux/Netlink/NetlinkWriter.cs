using System.Text;
using KeepalivedSharp.Linux.Native;

namespace KeepalivedSharp.Linux.Netlink;

/// <summary>
/// Builds one netlink request in a caller buffer: header, family header, then rtattrs
/// ({u16 len; u16 type; value}, each padded to 4 octets; nested ones carry their children).
/// Running out of room throws <see cref="NetlinkFormatException"/>.
/// </summary>
public ref struct NetlinkWriter
{
    [CLayout("struct rtattr")]
    internal static class RtAttrLayout
    {
        public const int SIZEOF = 4;
        public const int rta_len = 0;
        public const int rta_type = 2;
    }

    private readonly Span<byte> _buffer;
    private int _length;

    public NetlinkWriter(Span<byte> buffer, ushort type, ushort flags, uint sequence)
    {
        _buffer = buffer;
        _buffer.Clear();
        Reserve(NetlinkHeader.Size);
        new NetlinkHeader(0, type, flags, sequence, 0).Write(_buffer);
    }

    public readonly int Length => _length;

    /// <summary>Space for a fixed family header (ifaddrmsg, rtmsg...), returned for the caller to fill.</summary>
    public Span<byte> AddFamilyHeader(int size)
    {
        var at = _length;
        Reserve(NetlinkHeader.Align(size));
        return _buffer.Slice(at, size);
    }

    public void Add(ushort type, scoped ReadOnlySpan<byte> value)
    {
        var at = _length;
        var len = RtAttrLayout.SIZEOF + value.Length;
        Reserve(NetlinkHeader.Align(len));
        NativeEndian.WriteUInt16(_buffer[at..], (ushort)len);
        NativeEndian.WriteUInt16(_buffer[(at + RtAttrLayout.rta_type)..], type);
        value.CopyTo(_buffer[(at + RtAttrLayout.SIZEOF)..]);
    }

    public void AddU8(ushort type, byte value) => Add(type, [value]);

    public void AddU16(ushort type, ushort value)
    {
        Span<byte> b = stackalloc byte[2];
        NativeEndian.WriteUInt16(b, value);
        Add(type, b);
    }

    /// <summary>A u16 in network byte order (NLA_BE16: ports in IPVS).</summary>
    public void AddBe16(ushort type, ushort value)
    {
        Span<byte> b = stackalloc byte[2];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(b, value);
        Add(type, b);
    }

    public void AddU32(ushort type, uint value)
    {
        Span<byte> b = stackalloc byte[4];
        NativeEndian.WriteUInt32(b, value);
        Add(type, b);
    }

    /// <summary>A NUL-terminated string (IFA_LABEL, IFLA_IFNAME, FRA_IIFNAME).</summary>
    public void AddString(ushort type, string value)
    {
        Span<byte> b = stackalloc byte[Encoding.UTF8.GetByteCount(value) + 1];
        Encoding.UTF8.GetBytes(value, b);
        b[^1] = 0;
        Add(type, b);
    }

    /// <summary>A string without terminator (IFLA_INFO_KIND, as iproute2 and keepalived send it).</summary>
    public void AddStringNoNul(ushort type, string value)
    {
        Span<byte> b = stackalloc byte[Encoding.UTF8.GetByteCount(value)];
        Encoding.UTF8.GetBytes(value, b);
        Add(type, b);
    }

    /// <summary>
    /// Opens a nested attribute; pass the returned token to <see cref="EndNested"/>. <paramref name="flagged"/>
    /// sets NLA_F_NESTED in the type (generic netlink families; rtnetlink requests go as iproute2 sends them).
    /// </summary>
    public int BeginNested(ushort type, bool flagged = false)
    {
        var at = _length;
        Add(flagged ? (ushort)(type | Interop.NLA_F_NESTED) : type, []);
        return at;
    }

    public readonly void EndNested(int token)
        => NativeEndian.WriteUInt16(_buffer[token..], (ushort)(_length - token));

    /// <summary>Writes the final nlmsg_len and returns the finished message.</summary>
    public readonly ReadOnlySpan<byte> Finish()
    {
        NativeEndian.WriteUInt32(_buffer, (uint)_length);
        return _buffer[.._length];
    }

    private void Reserve(int n)
    {
        if (_length + n > _buffer.Length)
            throw new NetlinkFormatException($"netlink request needs more than {_buffer.Length} octets");
        _length += n;
    }
}
