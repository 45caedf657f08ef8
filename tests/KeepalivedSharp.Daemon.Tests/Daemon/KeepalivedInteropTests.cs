using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Daemon.Tests.Daemon;

/// <summary>
/// keepalived-sharp and real keepalived 2.2.7 in one VRRP group, in network namespaces. For every
/// variant (v2, v3/IPv4, v3/IPv6, unicast, PASS): elections, crash takeovers both ways, preemption
/// back, and a graceful stop that the peer sees as priority 0.
/// </summary>
[Trait("Category", "Root")]
[Trait("Category", "Root")]
[Collection(nameof(NamespaceTests))]
public class KeepalivedInteropTests
{
    public static TheoryData<string> Variants => [.. InteropVariant.All.Keys];

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Theory]
    [MemberData(nameof(Variants))]
    public void OursHigher_OursMasterKeepalivedBackup_ThenCrashAndPreemptBack(string name)
    {
        var v = InteropVariant.All[name];
        using var lab = new InteropLab();
        var ours = OurDaemon.Start(lab.Lab, lab.Ours, v.Config(1, 2, 150));
        try
        {
            // Ours has the higher priority: it becomes master, keepalived stays backup, the VIP only on ours.
            ours.Process.WaitForLine(@"\(VI_1\) Entering MASTER STATE", Bound);
            Assert.True(InteropLab.WaitAddress(lab.Ours, v.Vip, true, TimeSpan.FromSeconds(5)), ours.Process.Output);
            using var keepalived = lab.KeepalivedBackup(v.Config(2, 1, 100));
            // Longer than keepalived's Master_Down_Interval: it must stay backup, hearing ours.
            Assert.Throws<TimeoutException>(() => keepalived.Process.WaitForLine(@"Entering MASTER STATE", TimeSpan.FromSeconds(v.MasterDown(100) + 1)));
            Assert.False(InteropLab.HasAddress(lab.Peer, v.Vip), keepalived.Process.Output);
            Assert.True(InteropLab.HasAddress(lab.Ours, v.Vip), ours.Process.Output);

            // kill -9 ours: keepalived takes over.
            int mark = keepalived.Process.LineCount;
            ours.Process.Signal("KILL");
            keepalived.Process.WaitForLine(@"\(VI_1\) Entering MASTER STATE", Bound, mark);
            Assert.True(InteropLab.WaitAddress(lab.Peer, v.Vip, true, TimeSpan.FromSeconds(5)), keepalived.Process.Output);
            ours.Dispose();

            // Ours restarts: it preempts back and keepalived releases the VIP.
            int before = keepalived.Process.LineCount;
            ours = OurDaemon.Start(lab.Lab, lab.Ours, v.Config(1, 2, 150));
            ours.Process.WaitForLine(@"\(VI_1\) Entering MASTER STATE", Bound);
            keepalived.Process.WaitForLine(@"\(VI_1\) Entering BACKUP STATE", Bound, before);
            Assert.True(InteropLab.WaitAddress(lab.Ours, v.Vip, true, TimeSpan.FromSeconds(5)), ours.Process.Output);
            Assert.True(InteropLab.WaitAddress(lab.Peer, v.Vip, false, TimeSpan.FromSeconds(5)), keepalived.Process.Output);
        }
        finally
        {
            ours.Dispose();
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void KeepalivedMaster_KilledHard_OursTakesOver(string name)
    {
        var v = InteropVariant.All[name];
        using var lab = new InteropLab();
        using var keepalived = KeepalivedRunner.Start(lab.Lab, lab.Peer, v.Config(2, 1, 150));
        keepalived.Process.WaitForLine(@"\(VI_1\) Entering MASTER STATE", Bound);
        using var ours = OurDaemon.Start(lab.Lab, lab.Ours, v.Config(1, 2, 100));
        ours.Process.WaitForLine(@"\(VI_1\) Entering BACKUP STATE", Bound);
        // Give ours a few adverts from keepalived: it must stay backup.
        Assert.Throws<TimeoutException>(() => ours.Process.WaitForLine(@"\(VI_1\) Entering MASTER STATE", TimeSpan.FromSeconds(v.MasterDown(100) + 1)));

        keepalived.Process.Signal("KILL");
        ours.Process.WaitForLine(@"\(VI_1\) Entering MASTER STATE", Bound);
        Assert.True(InteropLab.WaitAddress(lab.Ours, v.Vip, true, TimeSpan.FromSeconds(5)), ours.Process.Output);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void OursMaster_Sigterm_SendsPriorityZeroAndKeepalivedTakesOverWithinSkew(string name)
    {
        var v = InteropVariant.All[name];
        using var lab = new InteropLab();
        using var keepalived = KeepalivedRunner.Start(lab.Lab, lab.Peer, v.Config(2, 1, 100));
        using var ours = lab.OursMaster(v.Config(1, 2, 150));
        keepalived.Process.WaitForLine(@"\(VI_1\) Entering BACKUP STATE", Bound);

        string filter = v.Ipv6 ? "ip6 proto 112" : "ip proto 112";
        using var capture = PacketCapture.Start(lab.Lab, lab.Peer, "eth0", 200, filter);
        int mark = keepalived.Process.LineCount;
        ours.Process.Signal("TERM");
        keepalived.Process.WaitForLine(@"\(VI_1\) Entering MASTER STATE", Bound, mark);
        Assert.True(ours.Process.WaitForExit(TimeSpan.FromSeconds(10)), ours.Process.Output);
        Assert.False(InteropLab.HasAddress(lab.Ours, v.Vip));

        // On the wire: our priority-0 advert, then keepalived's first advert as master after its skew time.
        var packets = capture.Wait(TimeSpan.FromSeconds(3));
        string oursSource = v.Ipv6 ? "fe80" : "10.0.0.1 >";
        var zero = packets.FirstOrDefault(p => p.Text.Contains(oursSource, StringComparison.Ordinal) && p.Text.Contains("prio 0", StringComparison.Ordinal));
        Assert.True(zero is not null, string.Join('\n', packets.Select(p => p.Text)));
        var takeover = packets.SkipWhile(p => p != zero).Skip(1).FirstOrDefault(p => p.Text.Contains("prio 100", StringComparison.Ordinal));
        Assert.True(takeover is not null, string.Join('\n', packets.Select(p => p.Text)));
        var delay = takeover.Timestamp!.Value - zero.Timestamp!.Value;
        // keepalived's Skew_Time for priority 100, plus scheduling slack: far below a Master_Down_Interval.
        double skew = (256 - 100) / 256.0 * (v.Version == 3 ? v.AdvertInt : 1);
        Assert.True(delay.TotalSeconds < skew + 0.25, $"keepalived advertised {delay.TotalMilliseconds:0} ms after our priority 0, skew {skew * 1000:0} ms");
    }
}

[CollectionDefinition(nameof(NamespaceTests), DisableParallelization = true)]
public sealed class NamespaceTests;
