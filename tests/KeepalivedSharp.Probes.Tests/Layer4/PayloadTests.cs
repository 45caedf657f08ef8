using System.Collections.Immutable;
using System.Text;
using KeepalivedSharp.Probes.Ping;
using KeepalivedSharp.Probes.Udp;
using Microsoft.Extensions.Logging.Abstractions;

namespace KeepalivedSharp.Probes.Tests.Layer4;

public sealed class PayloadTests
{
    [Fact]
    public void DefaultPayload_Is32BytesOfSetBuf()
        => Assert.Equal("keepalived check - keepalived ch", Encoding.ASCII.GetString(UdpPayload.For(null)));

    [Fact]
    public void EchoRequest_TypeSequencePayload()
    {
        var b = new byte[8 + 128];
        IcmpEcho.WriteRequest(b, v6: true, 0x1234);
        var e = new IcmpEcho(b);
        Assert.Equal(IcmpEcho.EchoRequestV6, e.Type);
        Assert.Equal(0x1234, e.Sequence);
        Assert.Equal(0x34, b[7]);
        Assert.StartsWith("keepalived check - ", Encoding.ASCII.GetString(b, 8, 128), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("6b65", true)]   // pattern longer than the reply: compared over min(received, pattern)
    [InlineData("6b6565", true)]
    [InlineData("6b6566", false)]
    [InlineData("6bff65", false)]
    public void ReplyPattern_XNibbleMasked(string reply, bool match)
    {
        // require_reply 6bX565: the high nibble of octet 1 is a wildcard.
        var p = new ReplyPattern(ImmutableArray.Create<byte>(0x6b, 0x05, 0x65), ImmutableArray.Create<byte>(0, 0xf0, 0), 0, 255);
        Assert.Equal(match, p.Matches(Convert.FromHexString(reply)));
    }

    [Fact]
    public void ReplyPattern_LengthsOnlyWithAPattern()
    {
        Assert.False(new ReplyPattern(ImmutableArray.Create<byte>(1), null, 2, 3).Matches([1]));
        Assert.False(new ReplyPattern(ImmutableArray.Create<byte>(1), null, 0, 3).Matches([1, 2, 3, 4]));
        Assert.True(new ReplyPattern(null, null, 2, 3).Matches([1]));
    }

    [Fact]
    public void PingGroupRange_WidensToZeroAndRestores_InAFile()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "1\t0\n");
            using (var r = PingGroupRange.Widen(NullLogger.Instance, path))
            {
                Assert.NotNull(r);
                Assert.Equal("0\t0\t\n", File.ReadAllText(path));
            }
            Assert.Equal("1\t0\t\n", File.ReadAllText(path));
            File.WriteAllText(path, "0\t2147483647\n");
            Assert.Null(PingGroupRange.Widen(NullLogger.Instance, path));
            Assert.Null(PingGroupRange.Parse("1 x"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
