using KeepalivedSharp.Lab;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using KeepalivedSharp.Linux.Native;
using KeepalivedSharp.Linux.Vrrp;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Linux.Tests.Vrrp;

[Trait("Category", "Root")]
[Collection(NamespaceCollection.Name)]
public sealed class VrrpSocketTests(VrrpLabFixture lab) : IClassFixture<VrrpLabFixture>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    private static VrrpSocket OpenIn(string ns, VrrpSocketOptions options)
        => NetworkNamespace.Run(ns, () => VrrpSocket.Open(options));

    /// <summary>Reads until a datagram with VRID <paramref name="vrid"/> arrives or the bound passes.</summary>
    private static (VrrpDatagram Datagram, byte[] Bytes) ReceiveVrid(VrrpSocket socket, int vrrpOffset, byte vrid)
    {
        var buffer = new byte[2048];
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < Bound)
        {
            if (!socket.TryReceive(buffer, 500, out var d)) continue;
            var off = vrrpOffset < 0 ? (buffer[0] & 0x0f) * 4 : vrrpOffset;
            if (d.Length > off + 1 && buffer[off + 1] == vrid) return (d, buffer[..d.Length]);
        }
        throw new TimeoutException($"no VRRP advert for VRID {vrid} within {Bound}");
    }

    [Fact]
    public void TryReceive_KeepalivedV2Ipv4Advert_ReportsTtl255SourceDestinationAndIfindex()
    {
        var ifindex = VrrpLabFixture.IfIndex(lab.Us);
        using var socket = OpenIn(lab.Us, new VrrpSocketOptions(AddressFamily.InterNetwork, ifindex));

        var (d, bytes) = ReceiveVrid(socket, -1, 51);

        Assert.Equal(IPAddress.Parse("10.0.0.1"), d.Source);
        Assert.Equal(IPAddress.Parse("224.0.0.18"), d.Destination);
        Assert.Equal(ifindex, d.InterfaceIndex);
        Assert.Equal(255, d.TtlOrHopLimit);
        Assert.False(d.Truncated);
        Assert.Equal(0x45, bytes[0]);
        Assert.Equal(112, bytes[9]);
        Assert.Equal(0x21, bytes[20]); // version 2, type 1 (advertisement)
        Assert.Equal(200, bytes[22]); // priority
        Assert.True(d.Timestamp <= Stopwatch.GetTimestamp());
    }

    [Fact]
    public void TryReceive_KeepalivedV3Ipv6Advert_ReportsHopLimit255AndLinkLocalSource()
    {
        var ifindex = VrrpLabFixture.IfIndex(lab.Us);
        using var socket = OpenIn(lab.Us, new VrrpSocketOptions(AddressFamily.InterNetworkV6, ifindex));

        var (d, bytes) = ReceiveVrid(socket, 0, 52);

        Assert.True(d.Source.IsIPv6LinkLocal, $"source {d.Source} should be link-local");
        Assert.Equal(IPAddress.Parse("ff02::12"), d.Destination);
        Assert.Equal(ifindex, d.InterfaceIndex);
        Assert.Equal(255, d.TtlOrHopLimit);
        Assert.Equal(0x31, bytes[0]); // version 3, type 1
        Assert.Equal(200, bytes[2]);
    }

    [Fact]
    public void TryReceive_NothingArrives_ReturnsFalseWithinTimeout()
    {
        var ifindex = VrrpLabFixture.IfIndex(lab.Peer);
        // Unicast socket bound to an address nobody sends to.
        using var socket = OpenIn(lab.Peer, new VrrpSocketOptions(AddressFamily.InterNetwork, ifindex, IPAddress.Parse("10.0.0.3"), Unicast: true));
        var sw = Stopwatch.StartNew();
        Assert.False(socket.TryReceive(new byte[512], 200, out _));
        Assert.InRange(sw.ElapsedMilliseconds, 150, 5000);
    }

    [Theory]
    [InlineData("10.0.0.2", "224.0.0.18")]
    [InlineData("10.0.0.2", "10.0.0.3")]
    public void Send_Ipv4_PeerSeesTtl255FromChosenSource(string source, string destination)
    {
        var ifindex = VrrpLabFixture.IfIndex(lab.Us);
        var unicast = !destination.StartsWith("224.", StringComparison.Ordinal);
        using var socket = OpenIn(lab.Us, new VrrpSocketOptions(AddressFamily.InterNetwork, ifindex, IPAddress.Parse(source), unicast));
        using var capture = PacketCapture.Start(lab.Lab, lab.Peer, "eth0", 1, $"ip proto 112 and src host {source} and dst host {destination}");

        byte[] advert = [0x21, 77, 100, 1, 0, 1, 0, 0, 10, 0, 0, 77, 0, 0, 0, 0, 0, 0, 0, 0];
        socket.Send(advert, IPAddress.Parse(destination));
        var packets = capture.Wait(Bound);

        var p = Assert.Single(packets);
        Assert.Contains("ttl 255", p.Text, StringComparison.Ordinal);
        Assert.Contains($"{source} > {destination}", p.Text, StringComparison.Ordinal);
        // Ethernet 14 + IPv4 20: our bytes follow unchanged; TOS is internet control (0xc0) like keepalived.
        Assert.Equal(0xc0, p.Bytes[14 + 1]);
        Assert.Equal(advert, p.Bytes[34..(34 + advert.Length)]);
    }

    [Theory]
    [InlineData("ff02::12")]
    [InlineData("fd00::3")]
    public void Send_Ipv6_PeerSeesHopLimit255AndKernelChecksum(string destination)
    {
        var ifindex = VrrpLabFixture.IfIndex(lab.Us);
        var dst = IPAddress.Parse(destination);
        var src = dst.IsIPv6Multicast ? LinkLocalOf(lab.Us) : IPAddress.Parse("fd00::2");
        using var socket = OpenIn(lab.Us, new VrrpSocketOptions(AddressFamily.InterNetworkV6, ifindex, src, !dst.IsIPv6Multicast));
        using var capture = PacketCapture.Start(lab.Lab, lab.Peer, "eth0", 1, $"ip6 proto 112 and src host {src} and dst host {destination}");

        byte[] advert = [0x31, 78, 100, 1, 0, 100, 0, 0, 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x78];
        socket.Send(advert, dst);
        var packets = capture.Wait(Bound);

        var p = Assert.Single(packets);
        Assert.Contains("hlim 255", p.Text, StringComparison.Ordinal);
        var vrrp = p.Bytes[(14 + 40)..];
        Assert.Equal(advert[..6], vrrp[..6]);
        Assert.NotEqual(0, vrrp[6] | vrrp[7]); // IPV6_CHECKSUM: the kernel filled it
        Assert.Equal(0, PseudoHeaderSum(p.Bytes.AsSpan(14 + 8, 16), p.Bytes.AsSpan(14 + 24, 16), vrrp));
    }

    private static IPAddress LinkLocalOf(string ns)
    {
        var json = NamespaceLab.Exec(ns, "ip", "-6", "-o", "addr", "show", "dev", "eth0", "scope", "link").Stdout;
        var word = json.Split(' ', StringSplitOptions.RemoveEmptyEntries).First(w => w.StartsWith("fe80", StringComparison.Ordinal));
        return IPAddress.Parse(word.Split('/')[0]);
    }

    /// <summary>RFC 5798 5.2.8: one's complement sum over the IPv6 pseudo-header and message; 0 when valid.</summary>
    private static int PseudoHeaderSum(ReadOnlySpan<byte> src, ReadOnlySpan<byte> dst, ReadOnlySpan<byte> msg)
    {
        long sum = 0;
        void Add(ReadOnlySpan<byte> s)
        {
            for (var i = 0; i < s.Length; i += 2) sum += (s[i] << 8) | (i + 1 < s.Length ? s[i + 1] : 0);
        }
        Add(src);
        Add(dst);
        sum += msg.Length + 112;
        Add(msg);
        while (sum >> 16 != 0) sum = (sum & 0xffff) + (sum >> 16);
        return (int)(~sum & 0xffff);
    }
}
