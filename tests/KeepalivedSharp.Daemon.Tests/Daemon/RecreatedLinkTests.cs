using System.Diagnostics;
using System.Text.Json;
using KeepalivedSharp.Lab;
using KeepalivedSharp.TestKit;
using Xunit.Abstractions;

namespace KeepalivedSharp.Daemon.Tests.Daemon;

/// <summary>
/// Issue 10 defect 1: the instance's veth deleted and re-created under the running daemon (same
/// name, new ifindex). keepalived 2.2.7 re-binds by itself and is MASTER with its VIP about 3.4 s
/// after the link is up again; ours must too, without a SIGHUP, and say FAULT (no VIP) meanwhile.
/// A lone node on a bridge with an observer that captures its adverts.
/// </summary>
[Trait("Category", "Root")]
[Collection(nameof(NamespaceTests))]
public class RecreatedLinkTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly InteropVariant V = InteropVariant.V2;

    /// <summary>Time from "ip link set eth0 up" on the re-created veth to the VIP on it and to the first advert on the wire.</summary>
    private sealed record Recovery(TimeSpan Vip, TimeSpan Advert);

    private sealed class Lone : IDisposable
    {
        public NamespaceLab Lab { get; } = new();
        public string Node { get; }
        public string Observer { get; }

        public Lone()
        {
            try
            {
                Node = Lab.AddHost("node", "eth0", "10.0.0.1/24"); // bridge side "v1"
                Observer = Lab.AddHost("obs", "eth0", "10.0.0.9/24");
            }
            catch
            {
                Lab.Dispose();
                throw;
            }
        }

        public void DeleteLink() => NamespaceLab.Exec(Node, "ip", "link", "del", "eth0");

        /// <summary>Re-creates the veth and its address with the link down; returns the new ifindex.</summary>
        public int CreateLink()
        {
            LabShell.Check("ip", "link", "add", "v1", "netns", Lab.BridgeNs, "type", "veth", "peer", "name", "eth0", "netns", Node);
            NamespaceLab.Exec(Lab.BridgeNs, "ip", "link", "set", "v1", "master", "br0");
            NamespaceLab.Exec(Lab.BridgeNs, "ip", "link", "set", "v1", "up");
            NamespaceLab.Exec(Node, "ip", "addr", "add", "10.0.0.1/24", "dev", "eth0", "noprefixroute");
            return Index();
        }

        /// <summary>eth0's ifindex in the node (ip netns exec mounts the namespace's /sys).</summary>
        public int Index() => int.Parse(NamespaceLab.Exec(Node, "cat", "/sys/class/net/eth0/ifindex").Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>Brings the re-created link up and times the VIP and the first advert after it.</summary>
        public Recovery LinkUpAndTime()
        {
            using var capture = PacketCapture.Start(Lab, Observer, "eth0", 1, "ip proto 112 and src 10.0.0.1");
            var up = DateTime.Now.TimeOfDay;
            var clock = Stopwatch.StartNew();
            NamespaceLab.Exec(Node, "ip", "link", "set", "eth0", "up");
            Assert.True(InteropLab.WaitAddress(Node, V.Vip, true, Bound), $"no VIP on the re-created eth0 within {Bound}");
            var vip = clock.Elapsed;
            var advert = capture.Wait(Bound);
            Assert.True(advert.Count == 1 && advert[0].Timestamp is not null, $"no advert within {Bound} of link up");
            return new Recovery(vip, advert[0].Timestamp!.Value - up);
        }

        public void Dispose() => Lab.Dispose();
    }

    [Fact]
    public void Ours_VethRecreated_MasterAgainWithVipOnTheNewLinkWithoutSighup()
    {
        using var lone = new Lone();
        using var ours = OurDaemon.Start(lone.Lab, lone.Node, V.Config(1, 2, 150));
        ours.Process.WaitForLine(@"\(VI_1\) Entering MASTER STATE", TimeSpan.FromSeconds(20));
        Assert.True(InteropLab.WaitAddress(lone.Node, V.Vip, true, Bound));
        int from = ours.Process.LineCount;

        int before = lone.Index();
        lone.DeleteLink();
        ours.Process.WaitForLine(@"\(VI_1\) Entering FAULT STATE", Bound, from);
        Assert.NotEqual(before, lone.CreateLink());
        // Re-created but down, and then bound to a stale index: status must not claim the VIP.
        AssertStatus(ours, "FAULT", holds: false);

        var r = lone.LinkUpAndTime();
        output.WriteLine($"ours: VIP {r.Vip.TotalMilliseconds:0} ms, first advert {r.Advert.TotalMilliseconds:0} ms after link up");
        ours.Process.WaitForLine(@"\(VI_1\) Entering MASTER STATE", Bound, from);
        Assert.Contains(ours.Process.Lines.Skip(from), l => l.Contains("re-created", StringComparison.Ordinal));
        AssertStatus(ours, "MASTER", holds: true);
        // An advert can race the deletion (ENODEV before RTM_DELLINK is read); none once re-bound.
        var lines = ours.Process.Lines.Skip(from).ToList();
        int rebound = lines.FindIndex(l => l.Contains("re-bound", StringComparison.Ordinal));
        Assert.True(rebound >= 0, ours.Process.Output);
        Assert.False(lines.Skip(rebound).Any(l => l.Contains("send advert error", StringComparison.Ordinal)), ours.Process.Output);
    }

    [Fact]
    public void SideBySide_VethRecreated_TimeToVipAndAdvertLikeKeepalived()
    {
        Recovery Measure(Func<Lone, (IDisposable Daemon, DaemonProcess Process)> start, string name)
        {
            using var lone = new Lone();
            var (daemon, process) = start(lone);
            using var _ = daemon;
            process.WaitForLine(@"\(VI_1\) Entering MASTER STATE", TimeSpan.FromSeconds(20));
            Assert.True(InteropLab.WaitAddress(lone.Node, V.Vip, true, Bound));
            int before = lone.Index();
            lone.DeleteLink();
            process.WaitForLine(@"\(VI_1\) Entering FAULT STATE", Bound);
            Assert.NotEqual(before, lone.CreateLink());
            var r = lone.LinkUpAndTime();
            output.WriteLine($"{name}: VIP {r.Vip.TotalMilliseconds:0} ms, first advert {r.Advert.TotalMilliseconds:0} ms after link up");
            return r;
        }

        var keepalivedRun = Measure(l => KeepalivedRunner.Start(l.Lab, l.Node, V.Config(1, 2, 150)) is var k ? (k, k.Process) : default, "keepalived 2.2.7");
        var oursRun = Measure(l => OurDaemon.Start(l.Lab, l.Node, V.Config(1, 2, 150)) is var o ? (o, o.Process) : default, "keepalived-sharp");
        // Both wait Master_Down_Interval (3.41 s for priority 150) in BACKUP after the link returns.
        Assert.True(oursRun.Vip < keepalivedRun.Vip + TimeSpan.FromSeconds(1), $"ours {oursRun.Vip}, keepalived {keepalivedRun.Vip}");
        Assert.True(oursRun.Advert < keepalivedRun.Advert + TimeSpan.FromSeconds(1), $"ours {oursRun.Advert}, keepalived {keepalivedRun.Advert}");
    }

    private static void AssertStatus(OurDaemon ours, string state, bool holds)
    {
        using var doc = ours.StatusJson();
        var instance = doc.RootElement.GetProperty("instances")[0];
        Assert.Equal(state, instance.GetProperty("state").GetString());
        Assert.Equal(holds, instance.GetProperty("holds_addresses").GetBoolean());
    }
}
