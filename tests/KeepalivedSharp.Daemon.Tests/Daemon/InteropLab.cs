using KeepalivedSharp.Lab;
using System.Diagnostics;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Daemon.Tests.Daemon;

/// <summary>Two hosts on one bridge: "ours" (10.0.0.1, fd00::1) and "peer" (10.0.0.2, fd00::2).</summary>
public sealed class InteropLab : IDisposable
{
    public NamespaceLab Lab { get; } = new();
    public string Ours { get; }
    public string Peer { get; }

    public InteropLab()
    {
        try
        {
            Ours = Lab.AddHost("ours", "eth0", "10.0.0.1/24", "fd00::1/64");
            Peer = Lab.AddHost("peer", "eth0", "10.0.0.2/24", "fd00::2/64");
            WaitForLinkLocal(Ours);
            WaitForLinkLocal(Peer);
        }
        catch
        {
            Lab.Dispose();
            throw;
        }
    }

    /// <summary>True when the namespace's eth0 carries <paramref name="address"/>.</summary>
    public static bool HasAddress(string ns, string address)
        => NamespaceLab.Run(ns, TimeSpan.FromSeconds(10), "ip", "-o", "addr", "show", "dev", "eth0").Stdout
            .Split('\n').Any(l => l.Contains($" {address}/", StringComparison.Ordinal));

    /// <summary>Waits (bounded) until the address is present or absent as asked.</summary>
    public static bool WaitAddress(string ns, string address, bool present, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < timeout)
        {
            if (HasAddress(ns, address) == present) return true;
            Thread.Sleep(50);
        }
        return HasAddress(ns, address) == present;
    }

    private static void WaitForLinkLocal(string ns)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < TimeSpan.FromSeconds(10))
        {
            var r = NamespaceLab.Run(ns, TimeSpan.FromSeconds(10), "ip", "-6", "-o", "addr", "show", "dev", "eth0", "scope", "link");
            if (r.Stdout.Contains("fe80", StringComparison.Ordinal) && !r.Stdout.Contains("tentative", StringComparison.Ordinal)) return;
            Thread.Sleep(50);
        }
        throw new TimeoutException($"{ns}: no usable IPv6 link-local address on eth0");
    }

    /// <summary>Starts ours in "ours" and waits (bounded) until it is MASTER.</summary>
    public OurDaemon OursMaster(string config, params string[] args)
    {
        var ours = OurDaemon.Start(Lab, Ours, config, args);
        try
        {
            ours.Process.WaitForLine(@"\(VI_1\) Entering MASTER STATE", TimeSpan.FromSeconds(20));
            return ours;
        }
        catch
        {
            ours.Dispose();
            throw;
        }
    }

    /// <summary>Starts keepalived in "peer" and waits (bounded) until it is BACKUP.</summary>
    public KeepalivedRunner KeepalivedBackup(string config)
    {
        var keepalived = KeepalivedRunner.Start(Lab, Peer, config);
        try
        {
            keepalived.Process.WaitForLine(@"\(VI_1\) Entering BACKUP STATE", TimeSpan.FromSeconds(20));
            return keepalived;
        }
        catch
        {
            keepalived.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Captures <paramref name="count"/> of our adverts on the peer and asserts each interval is the
    /// advert interval within ±100 ms: the rhythm a disturbance must not break.
    /// </summary>
    public void AssertOurAdvertsEverySecond(int count)
    {
        using var capture = PacketCapture.Start(Lab, Peer, "eth0", count, "ip proto 112 and src 10.0.0.1");
        var packets = capture.Wait(TimeSpan.FromSeconds(count + 6));
        Assert.Equal(count, packets.Count);
        var times = packets.Select(p => p.Timestamp!.Value).ToList();
        for (int k = 1; k < times.Count; k++)
            Assert.InRange((times[k] - times[k - 1]).TotalMilliseconds, 900, 1100);
    }

    /// <summary>
    /// Python for hand-made VRRPv2 adverts from the peer (10.0.0.2): the raw socket <c>s</c> and
    /// <c>advert(vrid, priority, address)</c>, a well-formed advert (one address, no auth, 1 s) with its checksum.
    /// </summary>
    public const string AdvertPython = """
        import socket, struct
        def csum(b):
            s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
            s = (s >> 16) + (s & 0xffff); s += s >> 16
            return ~s & 0xffff
        def advert(vrid, priority, address):
            body = struct.pack('!BBBBBBH4s8s', 0x21, vrid, priority, 1, 0, 1, 0, socket.inet_aton(address), b'\0' * 8)
            return body[:6] + struct.pack('!H', csum(body)) + body[8:]
        s = socket.socket(socket.AF_INET, socket.SOCK_RAW, 112)
        s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 255)
        s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton('10.0.0.2'))

        """;

    public void Dispose() => Lab.Dispose();
}
