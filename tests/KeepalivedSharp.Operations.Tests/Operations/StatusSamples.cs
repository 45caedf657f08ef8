using System.Collections.Immutable;
using System.Net.Sockets;
using KeepalivedSharp.Config;
using KeepalivedSharp.Core.Vrrp;

namespace KeepalivedSharp.Operations.Tests.Operations;

/// <summary>The config keepalived 2.2.7 ran for the fixtures, and a daemon snapshot in the same situation.</summary>
public static class StatusSamples
{
    public static string FixtureDir => Path.Combine(AppContext.BaseDirectory, "Fixtures", "keepalived-2.2.7");

    public static string Fixture(string name) => File.ReadAllText(Path.Combine(FixtureDir, name));

    public static KeepalivedConfig FixtureConfig()
    {
        var result = ConfigLoader.LoadText(Fixture("keepalived.conf"), "keepalived.conf", ConfigOptions.Default with { InterfaceExists = _ => true });
        return result.Config ?? throw new InvalidOperationException(string.Join('\n', result.Diagnostics));
    }

    public static InstanceCounters Counters(long received, long sent, long becameMaster)
        => new() { AdvertReceived = received, AdvertSent = sent, BecomeMaster = becameMaster };

    /// <summary>VI_1 MASTER (priority 150, holding its two VIPs), VI_2 MASTER too (priority 90, nopreempt, no peer: it took over after its master-down timer), as in the fixture run.</summary>
    public static DaemonStatus FixtureStatus(InstanceCounters? vi1 = null, InstanceCounters? vi2 = null)
    {
        var v1 = new InstanceStatus("VI_1", "eth0", 51, AddressFamily.InterNetwork, 2, VrrpState.Master, VrrpState.Master, 150, 150,
            null, 0, TimeSpan.FromSeconds(1), true, TimeSpan.FromSeconds(10), null, null, vi1 ?? Counters(0, 3, 1));
        var v2 = new InstanceStatus("VI_2", "eth0", 52, AddressFamily.InterNetwork, 2, VrrpState.Master, VrrpState.Master, 90, 90,
            null, 0, TimeSpan.FromSeconds(2), true, TimeSpan.FromSeconds(6), null, null, vi2 ?? Counters(0, 0, 0));
        return new DaemonStatus("0.1.0", "/etc/keepalived/keepalived.conf", 4242, TimeSpan.FromMinutes(5),
            new DateTimeOffset(2026, 11, 24, 23, 49, 33, TimeSpan.Zero),
            [
                new InstanceReport(v1, ["10.9.0.100/24 dev eth0 scope global set", "10.9.0.101/24 dev eth0 scope global set"], [], TimeSpan.FromSeconds(1), true, TimeSpan.FromSeconds(2)),
                new InstanceReport(v2, ["10.9.0.200/24 dev eth0 scope global set"], [], TimeSpan.FromSeconds(2), false, TimeSpan.FromSeconds(5.5)),
            ],
            [new GroupReport("G1", VrrpState.Backup, ["VI_2"])],
            [new WireErrorReport("eth0", AddressFamily.InterNetwork, ImmutableDictionary<string, long>.Empty.Add("BadChecksum", 2))],
            3, 1);
    }

}
