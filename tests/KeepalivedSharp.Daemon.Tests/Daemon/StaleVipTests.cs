using System.Text.RegularExpressions;
using KeepalivedSharp.Lab;
using KeepalivedSharp.TestKit;
using Xunit.Abstractions;

namespace KeepalivedSharp.Daemon.Tests.Daemon;

/// <summary>
/// Issue 10 defect 6: a daemon killed with SIGKILL leaves its VIP on the interface; restarted, it
/// takes it off at once, as keepalived does on entering BACKUP, not only when it is MASTER again.
/// </summary>
[Trait("Category", "Root")]
[Collection(nameof(NamespaceTests))]
public class StaleVipTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public void KilledMaster_Restarted_RemovesItsVipLongBeforeItIsMasterAgain()
    {
        var v = InteropVariant.V2;
        using var lab = new InteropLab();
        int peerMaster;
        var first = lab.OursMaster(v.Config(1, 2, 150));
        using var keepalived = lab.KeepalivedBackup(v.Config(2, 1, 100));
        try
        {
            Assert.True(InteropLab.WaitAddress(lab.Ours, v.Vip, true, TimeSpan.FromSeconds(5)));
            first.Process.Signal("KILL");
            Assert.True(first.Process.WaitForExit(TimeSpan.FromSeconds(5)));
            // Nothing can clean up after SIGKILL: the VIP stays, and the peer takes over beside it.
            Assert.True(InteropLab.HasAddress(lab.Ours, v.Vip), "the killed daemon's VIP should still be on eth0");
            peerMaster = keepalived.Process.WaitForLine(@"\(VI_1\) Entering MASTER STATE", Bound) + 1;
            Assert.True(InteropLab.HasAddress(lab.Ours, v.Vip), "the VIP should stay until ours restarts");
        }
        finally
        {
            first.Dispose();
        }

        // The kernel's own deletion event times the removal; polling `ip addr` under CI load can lag by a second.
        using var monitor = new DaemonProcess(lab.Lab.Start(lab.Ours, "ip", "-o", "monitor", "address"));
        // A marker address proves the monitor is subscribed before the daemon starts; one added before it
        // subscribed is never reported, so it is added again until the monitor sees one.
        for (int attempt = 1; ; attempt++)
        {
            NamespaceLab.Run(lab.Ours, Bound, "ip", "addr", "replace", $"192.0.2.{attempt % 250 + 1}/32", "dev", "lo");
            try
            {
                monitor.WaitForLine($@"inet 192\.0\.2\.{attempt % 250 + 1}/", TimeSpan.FromMilliseconds(500));
                break;
            }
            catch (TimeoutException) when (attempt < 40)
            {
            }
        }
        using var ours = OurDaemon.Start(lab.Lab, lab.Ours, v.Config(1, 2, 150));
        var firstLine = ours.Process.ArrivedAt(ours.Process.WaitForLine(".", Bound));
        // keepalived removes them within ~35 ms; ours would be MASTER (and hold it legitimately)
        // only after Master_Down_Interval, 3.41 s for priority 150.
        var deleted = monitor.WaitForLine($@"^Deleted .* inet {Regex.Escape(v.Vip)}/", Bound);
        var gone = monitor.ArrivedAt(deleted) - firstLine;
        output.WriteLine($"VIP gone {gone.TotalMilliseconds:0} ms after the restart's first line");
        Assert.True(gone < TimeSpan.FromSeconds(1), $"VIP deleted {gone.TotalMilliseconds:0} ms after the restart's first line:\n{ours.Process.Output}");
        Assert.False(InteropLab.HasAddress(lab.Ours, v.Vip));
        Assert.DoesNotContain(ours.Process.Lines, l => l.Contains("Entering MASTER", StringComparison.Ordinal));
        Assert.True(InteropLab.HasAddress(lab.Peer, v.Vip), "keepalived keeps the VIP while ours is BACKUP");
        Assert.DoesNotContain(keepalived.Process.Lines.Skip(peerMaster), l => l.Contains("Entering", StringComparison.Ordinal));

        // Then the normal election: ours has the higher priority and preempts; one holder again.
        var master = ours.Process.ArrivedAt(ours.Process.WaitForLine(@"\(VI_1\) Entering MASTER STATE", Bound)) - firstLine;
        Assert.True(master - gone > TimeSpan.FromSeconds(2), $"VIP gone at {gone}, MASTER at {master}");
        Assert.True(InteropLab.WaitAddress(lab.Ours, v.Vip, true, TimeSpan.FromSeconds(5)));
        Assert.True(InteropLab.WaitAddress(lab.Peer, v.Vip, false, TimeSpan.FromSeconds(5)));
    }
}
