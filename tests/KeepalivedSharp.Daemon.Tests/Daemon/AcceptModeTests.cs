using System.Diagnostics;
using KeepalivedSharp.Lab;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Daemon.Tests.Daemon;

/// <summary>
/// Accept mode through nftables, as keepalived 2.2.7: while an instance without accept mode is
/// MASTER, connections to its VIP are dropped by our table; as BACKUP it holds neither the VIP nor
/// an element; at stop our tables go and others stay.
/// </summary>
[Trait("Category", "Root")]
[Collection(nameof(NamespaceTests))]
public class AcceptModeTests
{
    private const string Marker = "ks_test_marker";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private static string? Table(string ns, string family, string name)
    {
        var r = NamespaceLab.Run(ns, TimeSpan.FromSeconds(10), "nft", "list", "table", family, name);
        return r.ExitCode == 0 ? r.Stdout : null;
    }

    /// <summary>A TCP connect from <paramref name="ns"/> to <paramref name="address"/>:8080 within 1.5 s.</summary>
    private static bool Connects(string ns, string address)
        => NamespaceLab.Run(ns, TimeSpan.FromSeconds(10), "python3", "-c",
            "import socket, sys; socket.create_connection((sys.argv[1], 8080), timeout=1.5)", address).ExitCode == 0;

    /// <summary>Starts a TCP listener on port 8080 in <paramref name="ns"/>, and waits (bounded) until <paramref name="peer"/> reaches it at <paramref name="address"/>.</summary>
    private static Process Listen(InteropLab lab, string ns, string peer, string address)
    {
        // The lab's IPv4 addresses have no prefix route (noprefixroute): give both hosts one, from their own address.
        NamespaceLab.Exec(ns, "ip", "route", "add", "10.0.0.0/24", "dev", "eth0", "src", "10.0.0.1");
        NamespaceLab.Exec(peer, "ip", "route", "add", "10.0.0.0/24", "dev", "eth0", "src", "10.0.0.2");
        var p = lab.Lab.Start(ns, "python3", "-m", "http.server", "8080", "--bind", "0.0.0.0");
        var sw = Stopwatch.StartNew();
        while (!Connects(peer, address))
        {
            if (sw.Elapsed > Bound)
            {
                var why = NamespaceLab.Run(peer, TimeSpan.FromSeconds(10), "python3", "-c",
                    "import socket, sys; socket.create_connection((sys.argv[1], 8080), timeout=1.5)", address).Output;
                var ss = NamespaceLab.Run(ns, TimeSpan.FromSeconds(10), "ss", "-ltnH").Output;
                throw new TimeoutException($"no listener on {address}:8080 (exited: {p.HasExited}; connect: {why}; ss: {ss})");
            }
            Thread.Sleep(100);
        }
        return p;
    }

    [Fact]
    public void NoAccept_MasterDropsConnectionsToTheVip_BackupHoldsNone_TablesGoneAtStop()
    {
        var v = InteropVariant.V2;
        using var lab = new InteropLab();
        NamespaceLab.Exec(lab.Ours, "nft", "add", "table", "ip", Marker);
        using var listener = Listen(lab, lab.Ours, lab.Peer, "10.0.0.1");
        var config = "global_defs {\n    nftables_counters\n}\n"
            + v.Config(1, 2, 150).Replace("    priority 150\n", "    priority 150\n    no_accept\n", StringComparison.Ordinal);
        using var ours = lab.OursMaster(config);
        ours.Process.WaitForLine("no_accept/strict specified, but no firewall configured - using nftables", Bound);
        Assert.True(InteropLab.WaitAddress(lab.Ours, v.Vip, true, Bound), ours.Process.Output);

        // The VIP is on ours, but our table drops what comes to it; the primary address still answers.
        Assert.False(Connects(lab.Peer, v.Vip));
        Assert.True(Connects(lab.Peer, "10.0.0.1"));
        var table = Table(lab.Ours, "ip", "keepalived");
        Assert.NotNull(table);
        Assert.Contains("elements = { 10.0.0.100 }", table, StringComparison.Ordinal);
        Assert.Matches(@"ip daddr @vips counter packets [1-9]\d* bytes \d+ drop", table);

        // A higher priority peer takes over: ours is BACKUP, without the VIP, and its set is empty.
        int mark = ours.Process.LineCount;
        using var peer = KeepalivedRunner.Start(lab.Lab, lab.Peer, v.Config(2, 1, 200));
        ours.Process.WaitForLine(@"\(VI_1\) Entering BACKUP STATE", Bound, mark);
        Assert.True(InteropLab.WaitAddress(lab.Ours, v.Vip, false, Bound), ours.Process.Output);
        table = Table(lab.Ours, "ip", "keepalived");
        Assert.NotNull(table);
        Assert.DoesNotContain("10.0.0.100", table, StringComparison.Ordinal);

        ours.Process.Signal("TERM");
        Assert.True(ours.Process.WaitForExit(Bound), ours.Process.Output);
        Assert.Equal(0, ours.Process.ExitCode);
        Assert.Null(Table(lab.Ours, "ip", "keepalived"));
        Assert.NotNull(Table(lab.Ours, "ip", Marker));
        Assert.DoesNotContain(ours.Process.Lines, l => l.Contains("firewall drop rules failed", StringComparison.Ordinal));
    }

    [Fact]
    public void StrictMode_DropsByDefault_InTheNamedTable_AcceptModeDoesNot()
    {
        var v = InteropVariant.V2;
        using var lab = new InteropLab();
        using var listener = Listen(lab, lab.Ours, lab.Peer, "10.0.0.1");
        var strict = "global_defs {\n    vrrp_strict\n    nftables ks_vrrp\n}\n" + v.Config(1, 2, 150);
        using (var ours = lab.OursMaster(strict))
        {
            Assert.True(InteropLab.WaitAddress(lab.Ours, v.Vip, true, Bound), ours.Process.Output);
            Assert.False(Connects(lab.Peer, v.Vip));
            Assert.Contains("elements = { 10.0.0.100 }", Table(lab.Ours, "ip", "ks_vrrp"), StringComparison.Ordinal);
            Assert.Null(Table(lab.Ours, "ip", "keepalived"));
            ours.Process.Signal("TERM");
            Assert.True(ours.Process.WaitForExit(Bound), ours.Process.Output);
        }
        Assert.Null(Table(lab.Ours, "ip", "ks_vrrp"));

        // Without strict mode, accept is the default: the VIP answers and no table is made.
        using (var ours = lab.OursMaster(v.Config(1, 2, 150)))
        {
            Assert.True(InteropLab.WaitAddress(lab.Ours, v.Vip, true, Bound), ours.Process.Output);
            Assert.True(Connects(lab.Peer, v.Vip));
            Assert.Null(Table(lab.Ours, "ip", "keepalived"));
        }
    }
}
