using KeepalivedSharp.Operations.Dumps;

namespace KeepalivedSharp.Operations.Tests.Operations.Dumps;

public class StatsDumpTests
{
    [Fact]
    public void Format_SameCountersAsKeepalived_ByteForByte()
    {
        var theirs = StatusSamples.Fixture("keepalived.stats");
        // The fixture was taken one advert after a stats clear: VI_1 had sent 1, nothing else counted.
        var ours = StatsDump.Format(StatusSamples.FixtureStatus(StatusSamples.Counters(0, 1, 0), StatusSamples.Counters(0, 0, 0)));
        Assert.Equal(theirs, ours);
    }
}
