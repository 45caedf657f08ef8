using System.Runtime.InteropServices;
using System.Text;
using KeepalivedSharp.Linux.Native;

namespace KeepalivedSharp.Linux.Netlink;

/// <summary>
/// Generic netlink framing (linux/genetlink.h): after the nlmsghdr comes struct genlmsghdr {cmd, version},
/// then attributes. A family's id is resolved by name through the controller (CTRL_CMD_GETFAMILY).
/// </summary>
public static class GenericNetlink
{
    public static int HeaderSize => NetlinkHeader.Align(Marshal.SizeOf<Interop.genlmsghdr>());

    /// <summary>Starts a request to <paramref name="family"/>: nlmsghdr then genlmsghdr.</summary>
    public static NetlinkWriter Begin(Span<byte> buffer, ushort family, ushort flags, uint sequence, byte command, byte version)
    {
        var w = new NetlinkWriter(buffer, family, flags, sequence);
        var h = new Interop.genlmsghdr { cmd = command, version = version };
        MemoryMarshal.Write(w.AddFamilyHeader(Marshal.SizeOf<Interop.genlmsghdr>()), in h);
        return w;
    }

    /// <summary>The command of a reply and its attributes; false when the payload is shorter than a genlmsghdr.</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out byte command, out ReadOnlySpan<byte> attributes)
    {
        command = 0;
        attributes = default;
        if (payload.Length < HeaderSize) return false;
        command = MemoryMarshal.Read<Interop.genlmsghdr>(payload).cmd;
        attributes = payload[HeaderSize..];
        return true;
    }

    /// <summary>CTRL_CMD_GETFAMILY for one family name (answered with one CTRL_CMD_NEWFAMILY message, then the ACK).</summary>
    public static ReadOnlySpan<byte> GetFamily(Span<byte> buffer, uint sequence, string name)
    {
        var w = Begin(buffer, Interop.GENL_ID_CTRL, NetlinkFlags.NLM_F_REQUEST | NetlinkFlags.NLM_F_ACK, sequence, Interop.CTRL_CMD_GETFAMILY, 1);
        w.AddString(Interop.CTRL_ATTR_FAMILY_NAME, name);
        return w.Finish();
    }

    /// <summary>A CTRL_CMD_NEWFAMILY reply: the family's id, name and version; false when it lacks the id.</summary>
    public static bool TryDecodeFamily(ReadOnlySpan<byte> payload, out ushort id, out string name, out uint version)
    {
        id = 0;
        name = "";
        version = 0;
        if (!TryRead(payload, out var cmd, out var attrs) || cmd != Interop.CTRL_CMD_NEWFAMILY) return false;
        var r = new AttributeReader(attrs);
        while (r.TryRead(out var type, out var value))
        {
            switch (type)
            {
                case Interop.CTRL_ATTR_FAMILY_ID when value.Length >= 2: id = NativeEndian.ReadUInt16(value); break;
                case Interop.CTRL_ATTR_FAMILY_NAME: name = CString(value); break;
                case Interop.CTRL_ATTR_VERSION when value.Length >= 4: version = NativeEndian.ReadUInt32(value); break;
            }
        }
        return id != 0;
    }

    /// <summary>A NUL-terminated attribute string (or the whole value when it has no NUL).</summary>
    internal static string CString(ReadOnlySpan<byte> value)
    {
        var nul = value.IndexOf((byte)0);
        return Encoding.UTF8.GetString(nul >= 0 ? value[..nul] : value);
    }
}
