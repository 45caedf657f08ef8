using System.Net;
using KeepalivedSharp.Lab;

namespace KeepalivedSharp.Probes.Tests.Layer4;

/// <summary>Counts the SYN, FIN and RST segments sent from <paramref name="sources"/> in a Ethernet capture (tcpdump -i eth0).</summary>
internal static class TcpFlags
{
    public static (int Syn, int Fin, int Rst) Count(string pcap, params IPAddress[] sources)
    {
        int syn = 0, fin = 0, rst = 0;
        foreach (var f in Pcap.ReadFrames(pcap))
        {
            const int l3 = 14;
            int ip = f[l3] >> 4;
            var src = new IPAddress(ip == 4 ? f.AsSpan(l3 + 12, 4) : f.AsSpan(l3 + 8, 16));
            if (!sources.Contains(src)) continue;
            int tcp = ip == 4 ? l3 + (f[l3] & 0xf) * 4 : l3 + 40;
            byte flags = f[tcp + 13];
            if ((flags & 0x02) != 0) syn++;
            if ((flags & 0x01) != 0) fin++;
            if ((flags & 0x04) != 0) rst++;
        }
        return (syn, fin, rst);
    }
}
