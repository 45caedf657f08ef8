namespace KeepalivedSharp.Bench.Engine.ReceivePath;

/// <summary>
/// IPv4 datagrams (IP header onwards) sent by keepalived 2.2.7, copied from the first frame of
/// tests/KeepalivedSharp.Wire.Tests/Fixtures/v2-none.pcap and v3-ipv4.pcap (see the README there).
/// </summary>
public static class CapturedAdverts
{
    /// <summary>VRRPv2 from 10.9.0.1 to 224.0.0.18: VRID 51, priority 100, 1 s, no auth, VIP 10.9.0.51.</summary>
    public static byte[] V2None => Convert.FromHexString(
        "45c0002800010000ff70d0880a090001e0000012" +
        "213364010001708e0a0900330000000000000000");

    /// <summary>VRRPv3 from 10.9.0.1 to 224.0.0.18: VRID 53, priority 200, 50 cs, VIP 10.9.0.53.</summary>
    public static byte[] V3IPv4 => Convert.FromHexString(
        "45c0002000010000ff70d0900a090001e0000012" +
        "3135c801003211c00a090035");
}
