using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Daemon.Tests.Daemon;

/// <summary>SIGHUP reload on the real kernel: no flapping, changes in place, a broken config refused.</summary>
[Trait("Category", "Root")]
[Trait("Category", "Root")]
[Collection(nameof(NamespaceTests))]
public class ReloadTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public void Sighup_UnchangedConfigTwiceBackToBack_NoTransitionAndNoGapInAdverts()
    {
        var v = InteropVariant.V2;
        using var lab = new InteropLab();
        using var ours = lab.OursMaster(v.Config(1, 2, 150));
        using var capture = PacketCapture.Start(lab.Lab, lab.Peer, "eth0", 8, "ip proto 112");
        int mark = ours.Process.LineCount;
        ours.Process.Signal("HUP");
        ours.Process.Signal("HUP");
        ours.Process.WaitForLine("Reload applied", Bound, mark);
        var packets = capture.Wait(TimeSpan.FromSeconds(15));
        Assert.Equal(8, packets.Count);
        var times = packets.Select(p => p.Timestamp!.Value).ToList();
        for (int k = 1; k < times.Count; k++)
            Assert.True(times[k] - times[k - 1] <= TimeSpan.FromSeconds(1.5 * v.AdvertInt), $"gap of {(times[k] - times[k - 1]).TotalMilliseconds:0} ms between adverts");
        Assert.DoesNotContain(ours.Process.Lines.Skip(mark), l => l.Contains("Entering", StringComparison.Ordinal));
    }

    [Fact]
    public void Sighup_VipAddedAndRemoved_AppliedInPlaceWithoutTransition()
    {
        var v = InteropVariant.V2;
        using var lab = new InteropLab();
        using var ours = lab.OursMaster(v.Config(1, 2, 150));
        Assert.True(InteropLab.WaitAddress(lab.Ours, v.Vip, true, TimeSpan.FromSeconds(5)));

        int mark = ours.Process.LineCount;
        File.WriteAllText(ours.ConfigPath, v.Config(1, 2, 150).Replace(v.VipWithPrefix, "10.0.0.101/24\n        10.0.0.102/24", StringComparison.Ordinal));
        ours.Process.Signal("HUP");
        ours.Process.WaitForLine("Reload applied", Bound, mark);
        Assert.True(InteropLab.WaitAddress(lab.Ours, "10.0.0.101", true, TimeSpan.FromSeconds(5)));
        Assert.True(InteropLab.WaitAddress(lab.Ours, "10.0.0.102", true, TimeSpan.FromSeconds(5)));
        Assert.True(InteropLab.WaitAddress(lab.Ours, v.Vip, false, TimeSpan.FromSeconds(5)));
        Assert.DoesNotContain(ours.Process.Lines.Skip(mark), l => l.Contains("Entering", StringComparison.Ordinal));

        // The adverts now carry the new addresses.
        using var capture = PacketCapture.Start(lab.Lab, lab.Peer, "eth0", 1, "ip proto 112");
        var packet = Assert.Single(capture.Wait(TimeSpan.FromSeconds(5)));
        Assert.Contains("10.0.0.101", packet.Text, StringComparison.Ordinal);
        Assert.Contains("10.0.0.102", packet.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Sighup_BrokenConfig_LoggedAndTheOldConfigKeepsRunning()
    {
        var v = InteropVariant.V2;
        using var lab = new InteropLab();
        using var ours = lab.OursMaster(v.Config(1, 2, 150));

        int mark = ours.Process.LineCount;
        File.WriteAllText(ours.ConfigPath, v.Config(1, 2, 150).Replace("priority 150", "priorty 150", StringComparison.Ordinal));
        ours.Process.Signal("HUP");
        ours.Process.WaitForLine(@"keepalived\.conf:\d+: error: .*priorty", Bound, mark);
        ours.Process.WaitForLine("Reload refused", Bound, mark);
        Assert.True(InteropLab.HasAddress(lab.Ours, v.Vip));
        using var capture = PacketCapture.Start(lab.Lab, lab.Peer, "eth0", 2, "ip proto 112");
        var packets = capture.Wait(TimeSpan.FromSeconds(5));
        Assert.Equal(2, packets.Count);
        Assert.All(packets, p => Assert.Contains("prio 150", p.Text, StringComparison.Ordinal));
        Assert.False(ours.Process.HasExited);
    }
}
