using KeepalivedSharp.Lab;
using KeepalivedSharp.TestKit;
using System.Net;
using KeepalivedSharp.Wire.Vrrp;

namespace KeepalivedSharp.Wire.Tests.Support;

/// <summary>The pcaps recorded from keepalived 2.2.7 by Fixtures/capture.sh (see Fixtures/README.md).</summary>
internal static class Fixtures
{
    /// <summary>The MAC capture.sh gives eth0, so GARP/NA frames are reproducible.</summary>
    public static readonly byte[] SenderMac = [0x02, 0x00, 0x00, 0x00, 0x09, 0x01];

    public static readonly IPAddress Source4 = IPAddress.Parse("10.9.0.1");

    /// <summary>What Fixtures/keepalived.conf makes keepalived advertise, by VRID (checksums left 0).</summary>
    public static readonly IReadOnlyDictionary<byte, VrrpPacket> Adverts = new Dictionary<byte, VrrpPacket>
    {
        [51] = VrrpPacket.CreateV2(51, 100, 1, [IPAddress.Parse("10.9.0.51")]),
        [52] = VrrpPacket.CreateV2(52, 150, 2, [IPAddress.Parse("10.9.0.52"), IPAddress.Parse("10.9.0.152")], VrrpAuthType.Password,
            VrrpAuthData.FromPassword("secret123")),
        [53] = VrrpPacket.CreateV3(53, 200, 50, [IPAddress.Parse("10.9.0.53")]),
        [54] = VrrpPacket.CreateV3(54, 254, 100, [IPAddress.Parse("fd00:9::54")]),
    };

    public static string ConfigPath => Path.Combine(AppContext.BaseDirectory, "Fixtures", "keepalived.conf");

    public static IReadOnlyList<byte[]> Frames(string name)
    {
        var frames = Pcap.ReadFrames(Path.Combine(AppContext.BaseDirectory, "Fixtures", name + ".pcap"));
        Assert.NotEmpty(frames);
        return frames;
    }

    /// <summary>The bytes after the Ethernet header.</summary>
    public static byte[] Payload(byte[] frame) => frame[14..];
}
