using System.Text;
using KeepalivedSharp.Linux.Native;

namespace KeepalivedSharp.Linux.Netlink;

/// <summary>Pure decoder of an NLMSG_ERROR reply (struct nlmsgerr, linux/netlink.h): the errno and the extended-ack text.</summary>
public static class NetlinkAck
{
    /// <summary>The errno (0 is the ACK; EIO when the payload is too short) and, for an error, the kernel's NLMSGERR_ATTR_MSG text.</summary>
    public static (int Error, string? Text) Decode(in NetlinkMessage m)
    {
        var error = m.Payload.Length >= 4 ? -NativeEndian.ReadInt32(m.Payload) : Errno.EIO;
        return (error, error == 0 ? null : ExtendedAckText(m));
    }

    /// <summary>
    /// After the errno comes the request's header (NLM_F_CAPPED) or the whole request, then the
    /// NLMSGERR_ATTR_* attributes when NLM_F_ACK_TLVS is set (Linux 4.12+).
    /// </summary>
    private static string? ExtendedAckText(in NetlinkMessage m)
    {
        const ushort NLM_F_CAPPED = 0x100, NLM_F_ACK_TLVS = 0x200, NLMSGERR_ATTR_MSG = 1;
        if ((m.Header.Flags & NLM_F_ACK_TLVS) == 0 || m.Payload.Length < 4 + NetlinkHeader.Size) return null;
        var request = (m.Header.Flags & NLM_F_CAPPED) != 0 ? NetlinkHeader.Size : NetlinkHeader.Read(m.Payload[4..]).Length;
        // The echoed nlmsg_len is read off the wire: one past the payload leaves no attributes (and must not
        // wrap negative through an int cast; found by bench/fuzz).
        if (request > (uint)(m.Payload.Length - 4)) return null;
        var skip = 4 + NetlinkHeader.Align((int)request);
        if (skip > m.Payload.Length) return null;
        var attrs = new AttributeReader(m.Payload[skip..]);
        while (attrs.TryRead(out var type, out var value))
        {
            if (type != NLMSGERR_ATTR_MSG) continue;
            var nul = value.IndexOf((byte)0);
            return Encoding.UTF8.GetString(nul >= 0 ? value[..nul] : value);
        }
        return null;
    }
}
