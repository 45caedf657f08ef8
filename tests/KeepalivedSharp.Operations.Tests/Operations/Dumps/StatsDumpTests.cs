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

/// <summary>Every counter gets its own value, so a swapped or mislabelled line fails (keepalived 2.2.7's vrrp_print_stats labels).</summary>
public class StatsDumpDistinctCountersTests
{
    [Fact]
    public void Format_EveryCounterDistinct_EachLineCarriesItsOwnCounter()
    {
        var c = new Core.Vrrp.InstanceCounters
        {
            AdvertReceived = 101, AdvertSent = 102, BecomeMaster = 103, ReleaseMaster = 104,
            PacketLengthErrors = 105, TtlErrors = 106, InvalidTypeReceived = 107, AdvertIntervalErrors = 108,
            AddressListErrors = 109, InvalidAuthType = 110, AuthTypeMismatch = 111, AuthFailure = 112,
            PriorityZeroReceived = 113, PriorityZeroSent = 114,
        };
        var text = StatsDump.Format(StatusSamples.FixtureStatus(c, new Core.Vrrp.InstanceCounters()));
        var vi1 = text[..text.IndexOf("VRRP Instance: VI_2", StringComparison.Ordinal)];

        Assert.Equal(
            """
            VRRP Instance: VI_1
              Advertisements:
                Received: 101
                Sent: 102
              Became master: 103
              Released master: 104
              Packet Errors:
                Length: 105
                TTL: 106
                Invalid Type: 107
                Advertisement Interval: 108
                Address List: 109
              Authentication Errors:
                Invalid Type: 110
                Type Mismatch: 111
                Failure: 112
              Priority Zero:
                Received: 113
                Sent: 114

            """.Replace("\r", "", StringComparison.Ordinal), vi1);
    }
}
