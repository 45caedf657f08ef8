using KeepalivedSharp.Lab;
using System.Globalization;
using System.Net;
using KeepalivedSharp.TestKit;
using KeepalivedSharp.Wire.Announcements;
using KeepalivedSharp.Wire.Ip;
using KeepalivedSharp.Wire.Tests.Support;
using KeepalivedSharp.Wire.Vrrp;

namespace KeepalivedSharp.Wire.Tests.Vrrp;

/// <summary>
/// The installed keepalived, run now in a throw-away namespace with Fixtures/keepalived.conf: what it
/// sends still parses with our codec and is reproduced byte for byte by our writers. Needs root
/// (fails, never skips, without it).
/// </summary>
[Trait("Category", "Root")]
public class LiveKeepalivedTests
{
    private static readonly TimeSpan CaptureBound = TimeSpan.FromSeconds(20);

    [Fact]
    public void InstalledKeepalived_AdvertsGarpAndNa_ParsedAndRebuiltByteForByte()
    {
        using var lab = new NamespaceLab();
        var ns = lab.AddHost("ka", "eth0", "10.9.0.1/24", "fd00:9::1/64");
        var mac = InterfaceMac(ns, "eth0");
        byte[] vrids4 = [51, 52, 53];
        var v4 = vrids4.Select(vrid => PacketCapture.Start(lab, ns, "eth0", 1, $"ip proto 112 and ip[21] = {vrid}")).ToList();
        using var v6 = PacketCapture.Start(lab, ns, "eth0", 1, "ip6 proto 112");
        using var garp = PacketCapture.Start(lab, ns, "eth0", 1, "arp and arp[24:4] = 0x0a090033");
        using var na = PacketCapture.Start(lab, ns, "eth0", 1, "icmp6 and ip6[40] = 136");
        using var keepalived = KeepalivedRunner.Start(lab, ns, File.ReadAllText(Fixtures.ConfigPath));

        for (var i = 0; i < vrids4.Length; i++)
        {
            using var capture = v4[i];
            var frame = Assert.Single(capture.Wait(CaptureBound)).Bytes;
            var datagram = Fixtures.Payload(frame);
            var result = VrrpParser.ParseIPv4(datagram);
            Assert.True(result.IsValid, result.Error.ToString());
            var expected = Fixtures.Adverts[vrids4[i]];
            Assert.Equal(expected with { Checksum = result.Packet.Checksum }, result.Packet);
            var built = new byte[datagram.Length];
            VrrpWriter.WriteIPv4Datagram(built, expected, Fixtures.Source4, IpProtocol.VrrpGroupV4);
            Assert.Equal(datagram[20..], built[20..]);
        }

        var v6Frame = Assert.Single(v6.Wait(CaptureBound)).Bytes;
        var ip6 = Fixtures.Payload(v6Frame);
        var source6 = new IPAddress(ip6.AsSpan(8, 16));
        var destination6 = new IPAddress(ip6.AsSpan(24, 16));
        var parsed6 = VrrpParser.ParseIPv6(ip6.AsSpan(40), source6, destination6, ip6[7]);
        Assert.True(parsed6.IsValid, parsed6.Error.ToString());
        var message6 = new byte[ip6.Length - 40];
        VrrpWriter.WriteMessage(message6, Fixtures.Adverts[54], source6, destination6);
        Assert.Equal(ip6[40..], message6);

        var garpFrame = Assert.Single(garp.Wait(CaptureBound)).Bytes;
        var builtGarp = new byte[GratuitousArp.FrameLength];
        GratuitousArp.Write(builtGarp, mac, IPAddress.Parse("10.9.0.51"));
        Assert.Equal(garpFrame, builtGarp);

        var naFrame = Assert.Single(na.Wait(CaptureBound)).Bytes;
        var builtNa = new byte[UnsolicitedNeighborAdvertisement.FrameLength];
        UnsolicitedNeighborAdvertisement.Write(builtNa, mac, IPAddress.Parse("fd00:9::54"), router: false);
        Assert.Equal(naFrame, builtNa);
        Assert.False(keepalived.HasExited);
    }

    private static byte[] InterfaceMac(string ns, string ifName)
    {
        var text = NamespaceLab.Exec(ns, "cat", $"/sys/class/net/{ifName}/address").Stdout.Trim();
        return text.Split(':').Select(h => byte.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray();
    }
}
