using KeepalivedSharp.Linux.Netlink;
using KeepalivedSharp.Linux.RtNetlink;

namespace KeepalivedSharp.Fuzz;

/// <summary>
/// One rtnetlink datagram as the link monitor and the request path read it: RTM_NEWLINK/DELLINK and
/// RTM_NEWADDR/DELADDR into host events (LinkMonitor.Decode), NLMSG_ERROR into an errno and extended-ack text
/// (NetlinkAck), and the whole input as a bare ifinfomsg / ifaddrmsg payload.
/// </summary>
internal sealed class NetlinkTarget : IFuzzTarget
{
    public long AllocationBound(int inputLength) => 64 * 1024 + 64L * inputLength;

    public void Run(ReadOnlySpan<byte> input)
    {
        var events = new List<HostEvent>();
        var count = LinkMonitor.Decode(input, events);
        WorkBound.Check(count == events.Count, $"Decode reported {count} events, added {events.Count}");
        WorkBound.Check(count <= input.Length / NetlinkHeader.Size, $"{count} events from {input.Length} bytes");
        foreach (var e in events)
        {
            // What the host reads of each event.
            _ = e switch
            {
                LinkEvent l => l.Link.Mac + l.Link.IsRunning + l.Link.Name,
                AddressEvent a => a.Address.ToString() + a.Address.Family + a.Address.Label,
                _ => throw new FuzzFindingException($"unexpected event {e}"),
            };
        }
        var messages = 0;
        var reader = new NetlinkReader(input);
        while (reader.TryRead(out var m))
        {
            messages++;
            WorkBound.Check(m.Payload.Length == m.Header.Length - NetlinkHeader.Size, "payload length differs from nlmsg_len");
            if (m.Header.Type == NetlinkMessageType.NLMSG_ERROR) _ = NetlinkAck.Decode(m);
            Attributes(m.Payload);
        }
        WorkBound.Check(messages <= input.Length / NetlinkHeader.Size, $"{messages} messages from {input.Length} bytes");
        if (RtNetlinkDecoder.TryDecodeLink(input, out var link)) _ = link.Mac;
        if (RtNetlinkDecoder.TryDecodeAddress(input, out var address)) _ = address.ToString();
    }

    /// <summary>Every attribute stays inside its span, so the walk ends within length/4 steps.</summary>
    private static void Attributes(ReadOnlySpan<byte> span)
    {
        var steps = 0;
        var attrs = new AttributeReader(span);
        while (attrs.TryRead(out _, out var value))
        {
            WorkBound.Check(value.Length <= span.Length - 4, "attribute longer than its span");
            WorkBound.Check(++steps <= span.Length / 4, "attribute walk does not advance");
        }
    }

    public IEnumerable<(string Name, byte[] Bytes)> Seeds(string root)
    {
        var fixtures = Path.Combine(root, "tests", "KeepalivedSharp.Linux.Tests", "Netlink", "Fixtures");
        foreach (var file in Directory.EnumerateFiles(fixtures, "*.bin").Order(StringComparer.Ordinal))
        {
            var dump = File.ReadAllBytes(file);
            var name = Path.GetFileNameWithoutExtension(file);
            yield return ("dump-" + name, dump);
            var i = 0;
            foreach (var message in Messages(dump)) yield return ($"msg-{name}-{i++}", message);
        }
        var buffer = new byte[512];
        yield return ("macvlan", RtNetlinkRequests.CreateMacvlan(buffer, 1, "vrrp.51", 2, [0, 0, 0x5e, 0, 1, 51]).ToArray());
        yield return ("error-ack", ExtendedAck());
    }

    private static List<byte[]> Messages(byte[] dump)
    {
        var list = new List<byte[]>();
        var reader = new NetlinkReader(dump);
        while (reader.TryRead(out var m))
        {
            var bytes = new byte[m.Header.Length];
            m.Header.Write(bytes);
            m.Payload.CopyTo(bytes.AsSpan(NetlinkHeader.Size));
            list.Add(bytes);
        }
        return list;
    }

    /// <summary>An NLMSG_ERROR (EEXIST) with NLM_F_CAPPED | NLM_F_ACK_TLVS and an NLMSGERR_ATTR_MSG text, as Linux 4.12+ sends.</summary>
    private static byte[] ExtendedAck()
    {
        var text = "File exists\0"u8;
        var attr = NetlinkHeader.Align(4 + text.Length);
        var length = NetlinkHeader.Size + 4 + NetlinkHeader.Size + attr;
        var bytes = new byte[length];
        new NetlinkHeader((uint)length, NetlinkMessageType.NLMSG_ERROR, 0x100 | 0x200, 7, 0).Write(bytes);
        BitConverter.TryWriteBytes(bytes.AsSpan(16), -17);
        new NetlinkHeader(40, 20, 0x405, 7, 0).Write(bytes.AsSpan(20));
        BitConverter.TryWriteBytes(bytes.AsSpan(36), (ushort)(4 + text.Length));
        BitConverter.TryWriteBytes(bytes.AsSpan(38), (ushort)1);
        text.CopyTo(bytes.AsSpan(40));
        return bytes;
    }
}
