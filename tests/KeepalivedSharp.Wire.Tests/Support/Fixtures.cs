namespace KeepalivedSharp.Wire.Tests.Support;

/// <summary>The pcaps recorded from keepalived 2.2.7 by Fixtures/capture.sh (see Fixtures/README.md).</summary>
internal static class Fixtures
{
    /// <summary>The MAC capture.sh gives eth0, so GARP/NA frames are reproducible.</summary>
    public static readonly byte[] SenderMac = [0x02, 0x00, 0x00, 0x00, 0x09, 0x01];

    public static IReadOnlyList<byte[]> Frames(string name)
    {
        var frames = Pcap.ReadFrames(Path.Combine(AppContext.BaseDirectory, "Fixtures", name + ".pcap"));
        Assert.NotEmpty(frames);
        return frames;
    }

    /// <summary>The bytes after the Ethernet header.</summary>
    public static byte[] Payload(byte[] frame) => frame[14..];
}
