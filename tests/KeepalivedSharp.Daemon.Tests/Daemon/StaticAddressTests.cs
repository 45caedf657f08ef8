using KeepalivedSharp.Lab;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Daemon.Tests.Daemon;

/// <summary>static_ipaddress and static_routes: set up at start, put back when deleted by hand, removed at stop (keepalived).</summary>
[Trait("Category", "Root")]
[Trait("Category", "Root")]
[Collection(nameof(NamespaceTests))]
public class StaticAddressTests
{
    [Fact]
    public void StaticAddressAndRoute_AddedAtStart_ReinstatedWhenDeleted_RemovedAtStop()
    {
        var v = InteropVariant.V2;
        using var lab = new InteropLab();
        var config = "static_ipaddress {\n    192.168.77.1/24 dev eth0\n}\nstatic_routes {\n    192.168.88.0/24 dev eth0\n}\n" + v.Config(1, 2, 150);
        using var ours = lab.OursMaster(config);
        Assert.True(InteropLab.HasAddress(lab.Ours, "192.168.77.1"));
        Assert.Contains("192.168.88.0/24", Routes(lab.Ours), StringComparison.Ordinal);

        NamespaceLab.Exec(lab.Ours, "ip", "addr", "del", "192.168.77.1/24", "dev", "eth0");
        Assert.True(InteropLab.WaitAddress(lab.Ours, "192.168.77.1", true, TimeSpan.FromSeconds(5)), ours.Process.Output);

        ours.Process.Signal("TERM");
        Assert.True(ours.Process.WaitForExit(TimeSpan.FromSeconds(10)), ours.Process.Output);
        Assert.False(InteropLab.HasAddress(lab.Ours, "192.168.77.1"));
        Assert.DoesNotContain("192.168.88.0/24", Routes(lab.Ours), StringComparison.Ordinal);
    }

    private static string Routes(string ns) => NamespaceLab.Run(ns, TimeSpan.FromSeconds(10), "ip", "route", "show").Stdout;
}
