using KeepalivedSharp.Core.Timing;

namespace KeepalivedSharp.Core.Tests.Timing;

public class VrrpTimersTests
{
    [Fact]
    public void MasterDownInterval_V2Priority90_Is3648437Microseconds()
    {
        // RFC 3768 §6.1: 3 * 1 s + (256 - 90) / 256 s, with keepalived's integer microseconds.
        var mdi = VrrpTimers.MasterDownInterval(2, 90, TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromMicroseconds(3_648_437), mdi);
    }

    [Fact]
    public void SkewTime_V2Priority90_Is648437Microseconds()
        => Assert.Equal(TimeSpan.FromMicroseconds(648_437), VrrpTimers.SkewTime(2, 90, TimeSpan.FromSeconds(1)));

    [Fact]
    public void MasterDownInterval_V3Interval100msPriority90_Is364843Microseconds()
    {
        // RFC 5798 §6.1: 3 * 100 ms + (166 * 100 ms) / 256.
        var mdi = VrrpTimers.MasterDownInterval(3, 90, TimeSpan.FromMilliseconds(100));
        Assert.Equal(TimeSpan.FromMicroseconds(364_843), mdi);
    }

    [Theory]
    [InlineData(2, 1.4, 1.0)]
    [InlineData(2, 0.2, 1.0)]
    [InlineData(2, 2.5, 3.0)]
    [InlineData(3, 0.123, 0.12)]
    [InlineData(3, 0.001, 0.01)]
    [InlineData(3, 99, 40.95)]
    public void NormalizeAdvertInterval_RoundsAsKeepalived(int version, double configured, double expected)
        => Assert.Equal(TimeSpan.FromSeconds(expected), VrrpTimers.NormalizeAdvertInterval(version, TimeSpan.FromSeconds(configured)));

    [Fact]
    public void WireInterval_RoundTripsBothVersions()
    {
        Assert.Equal(1, VrrpTimers.ToWireInterval(2, TimeSpan.FromSeconds(1)));
        Assert.Equal(100, VrrpTimers.ToWireInterval(3, TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.FromMilliseconds(150), VrrpTimers.FromWireInterval(3, 15));
    }
}
