using KeepalivedSharp.Linux.Native;

namespace KeepalivedSharp.Linux.Netlink;

/// <summary>One message inside a netlink datagram: its header and the bytes after it.</summary>
public readonly ref struct NetlinkMessage(NetlinkHeader header, ReadOnlySpan<byte> payload)
{
    public NetlinkHeader Header { get; } = header;

    public ReadOnlySpan<byte> Payload { get; } = payload;
}

/// <summary>Walks the messages of one netlink datagram (NLMSG_OK / NLMSG_NEXT); stops at a malformed length.</summary>
public ref struct NetlinkReader(ReadOnlySpan<byte> datagram)
{
    private ReadOnlySpan<byte> _rest = datagram;

    public bool TryRead(out NetlinkMessage message)
    {
        message = default;
        if (_rest.Length < NetlinkHeader.Size) return false;
        var h = NetlinkHeader.Read(_rest);
        if (h.Length < NetlinkHeader.Size || h.Length > (uint)_rest.Length) return false;
        message = new NetlinkMessage(h, _rest[NetlinkHeader.Size..(int)h.Length]);
        var next = NetlinkHeader.Align((int)h.Length);
        _rest = next >= _rest.Length ? [] : _rest[next..];
        return true;
    }
}

/// <summary>Walks rtattrs (RTA_OK / RTA_NEXT); stops at a malformed length, never reads past the span.</summary>
public ref struct AttributeReader(ReadOnlySpan<byte> attributes)
{
    private ReadOnlySpan<byte> _rest = attributes;

    /// <summary>Reads the next attribute; the type has NLA_F_NESTED / NLA_F_NET_BYTEORDER masked off.</summary>
    public bool TryRead(out ushort type, out ReadOnlySpan<byte> value)
    {
        type = 0;
        value = default;
        if (_rest.Length < 4) return false;
        var len = NativeEndian.ReadUInt16(_rest);
        if (len < 4 || len > _rest.Length) return false;
        type = (ushort)(NativeEndian.ReadUInt16(_rest[2..]) & 0x3fff);
        value = _rest[4..len];
        var next = NetlinkHeader.Align(len);
        _rest = next >= _rest.Length ? [] : _rest[next..];
        return true;
    }
}
