using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using KeepalivedSharp.Config;
using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Settings;

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
        var setup = Settings(FixtureConfig());
        // G1 is not in the fixture config (keepalived ran none): a group the status table and metrics still show.
        var group = new EffectiveGroup(new SyncGroupSettings("G1", ["VI_2"]),
            new SyncGroupConfig { Name = "G1", Location = new SourceLocation("keepalived.conf", 1), Members = ["VI_2"] }, false, []);
        return new DaemonStatus("0.1.0", "/etc/keepalived/keepalived.conf", 4242, TimeSpan.FromMinutes(5),
            new DateTimeOffset(2026, 11, 24, 23, 49, 33, TimeSpan.Zero),
            [
                new InstanceReport(v1, setup.Instance("VI_1")!, TimeSpan.FromSeconds(2)),
                new InstanceReport(v2, setup.Instance("VI_2")!, TimeSpan.FromSeconds(5.5)),
            ],
            [new GroupReport(VrrpState.Backup, group)],
            [new WireErrorReport("eth0", AddressFamily.InterNetwork, ImmutableDictionary<string, long>.Empty.Add("BadChecksum", 2))],
            3, 1, setup);
    }

    /// <summary>The effective settings of a config, with a fixed source address for every interface.</summary>
    public static EngineSetup Settings(KeepalivedConfig config)
        => EngineSetupBuilder.Build(config, (_, family) => family == AddressFamily.InterNetworkV6 ? IPAddress.Parse("fe80::2") : IPAddress.Parse("10.9.0.2"));

    /// <summary>
    /// A snapshot of a real engine built from <paramref name="config"/>'s effective settings (its instances
    /// as the engine reports them before start), with those settings attached as the daemon attaches them.
    /// </summary>
    public static DaemonStatus EngineStatus(KeepalivedConfig config)
    {
        var setup = Settings(config);
        var engine = setup.CreateEngine();
        var groups = setup.EffectiveGroups.ToDictionary(g => g.Name, StringComparer.Ordinal);
        return new DaemonStatus("0.1.0", "keepalived.conf", 1, TimeSpan.Zero, new DateTimeOffset(2026, 11, 24, 23, 49, 33, TimeSpan.Zero),
            [.. engine.Snapshot().Select(i => new InstanceReport(i, setup.Instance(i.Name)!, TimeSpan.Zero))],
            [.. engine.GroupSnapshot().Select(g => new GroupReport(g.State, groups[g.Name]))], [], 0, 0, setup);
    }

    /// <summary><see cref="FixtureStatus"/> with a started check engine's snapshot: virtual server [10.0.0.1]:tcp:80, real server [10.0.0.2]:80 (weight 3, TCP_CHECK) alive, sorry server [10.0.0.9]:80.</summary>
    public static DaemonStatus WithCheckers()
    {
        var r = ConfigLoader.LoadText("""
            virtual_server 10.0.0.1 80 {
             lvs_sched rr
             lvs_method NAT
             protocol TCP
             sorry_server 10.0.0.9 80
             real_server 10.0.0.2 80 {
              weight 3
              TCP_CHECK {
              }
             }
            }
            """, "/etc/keepalived/keepalived.conf", new ConfigOptions());
        var engine = KeepalivedSharp.Settings.CheckSetupBuilder.Build(r.Config!).CreateEngine(1);
        engine.Start(TimeSpan.Zero, []);
        return FixtureStatus() with { VirtualServers = engine.Snapshot() };
    }
}
