using System.Diagnostics;
using System.Net;
using KeepalivedSharp.Core.Check;
using KeepalivedSharp.Host.LoadBalancer;
using KeepalivedSharp.Lab;
using KeepalivedSharp.Linux.Native;
using KeepalivedSharp.TestKit;
using Microsoft.Extensions.Logging.Abstractions;
using static KeepalivedSharp.Host.Tests.LoadBalancer.NftCommandsTests;
using static KeepalivedSharp.Host.Tests.LoadBalancer.NftSlotsTests;

namespace KeepalivedSharp.Host.Tests.LoadBalancer;

/// <summary>
/// The nftables backend in-process, on a thread inside the director's namespace (libnftables'
/// netlink socket lives there), with real HTTP traffic from the client namespace.
/// </summary>
[Trait("Category", "Root")]
[Collection(nameof(LoadBalancerLabTests))]
public sealed class NftablesLoadBalancerTests
{
    private static readonly DestinationKey C80 = new(IPAddress.Parse("10.0.1.13"), 80);

    /// <summary>Runs <paramref name="f"/> on a fresh thread inside <paramref name="ns"/>.</summary>
    internal static T In<T>(string ns, Func<T> f)
    {
        T result = default!;
        Exception? error = null;
        var t = new Thread(() =>
        {
            try { result = NetworkNamespace.Run(ns, f); }
            catch (Exception e) { error = e; }
        });
        t.Start();
        t.Join();
        if (error is not null) throw new InvalidOperationException("in namespace: " + error.Message, error);
        return result;
    }

    internal static void In(string ns, Action a) => In(ns, () => { a(); return 0; });

    private static LoadBalancerTable Three(string sched, int w1, int w2, int w3) => Table((Vs, Entry(sched, (A, w1), (B, w2), (C80, w3))));

    [Fact]
    public void GoldenBatches_AcceptedByNftCheck()
    {
        using var lab = new LoadBalancerLab();
        var create = Path.Combine(lab.Files, "create.json");
        File.WriteAllBytes(create, NftCommands.Change(LoadBalancerTable.Empty, Wrr31, create: true));
        var r = NamespaceLab.Run(lab.Director, TimeSpan.FromSeconds(10), "nft", "-j", "-c", "-f", create);
        Assert.True(r.ExitCode == 0, r.Output);
        // The deltas need the table: apply the create for real, then check each delta against it.
        Assert.True(NamespaceLab.Run(lab.Director, TimeSpan.FromSeconds(10), "nft", "-j", "-f", create).ExitCode == 0);
        foreach (var to in new[] { Table((Vs, Entry("wrr", (A, 3), (B, 0)))), Table((Vs, Entry("wrr"))), LoadBalancerTable.Empty })
        {
            var delta = Path.Combine(lab.Files, "delta.json");
            File.WriteAllBytes(delta, NftCommands.Change(Wrr31, to, create: false));
            r = NamespaceLab.Run(lab.Director, TimeSpan.FromSeconds(10), "nft", "-j", "-c", "-f", delta);
            Assert.True(r.ExitCode == 0, r.Output);
        }
        // IPv6, fwmark and hashed services, created from nothing.
        var v6 = ServiceKey.ForAddress(LbProtocol.Udp, IPAddress.Parse("fd00::100"), 53);
        var mixed = Table(
            (v6, Entry("sh", (new DestinationKey(IPAddress.Parse("fd00::11"), 53), 2), (new DestinationKey(IPAddress.Parse("fd00::12"), 5353), 1))),
            (ServiceKey.ForFwmark(7), Entry("dh", (new DestinationKey(IPAddress.Parse("10.0.1.11"), 0), 1), (new DestinationKey(IPAddress.Parse("10.0.1.12"), 0), 1))),
            (ServiceKey.ForFwmark(8, System.Net.Sockets.AddressFamily.InterNetworkV6), Entry("rr", (new DestinationKey(IPAddress.Parse("fd00::13"), 0), 1))),
            (ServiceKey.ForFwmark(9), Entry("sh", (A, 1), (B, 0))),
            (ServiceKey.ForFwmark(10), Persistent(Entry("rr", (A, 1), (B, 1)), 300, uint.MaxValue)),
            (ServiceKey.ForAddress(LbProtocol.Tcp, IPAddress.Parse("fd00::100"), 443), MhPort(Entry("mh", (new DestinationKey(IPAddress.Parse("fd00::11"), 443), 1), (new DestinationKey(IPAddress.Parse("fd00::12"), 443), 3)))));
        var other = Path.Combine(lab.Files, "mixed.json");
        File.WriteAllBytes(other, NftCommands.Change(Wrr31, mixed, create: false));
        r = NamespaceLab.Run(lab.Director, TimeSpan.FromSeconds(10), "nft", "-j", "-c", "-f", other);
        Assert.True(r.ExitCode == 0, r.Output);
        var delete = Path.Combine(lab.Files, "delete.json");
        File.WriteAllBytes(delete, NftCommands.Delete());
        Assert.True(NamespaceLab.Run(lab.Director, TimeSpan.FromSeconds(10), "nft", "-j", "-f", delete).ExitCode == 0);
        Assert.Null(lab.Table("inet", NftCommands.Table));
    }

    [Fact]
    public void Traffic_FollowsRrAndWrr_WeightZeroAndDown_ReleaseLeavesOthers()
    {
        using var lab = new LoadBalancerLab();
        string marker = lab.Table("ip", LoadBalancerLab.MarkerTable)!;
        using var lb = In(lab.Director, () => new NftablesLoadBalancer(NullLogger.Instance));
        try
        {
            In(lab.Director, () => lb.Apply(Three("rr", 1, 1, 1)));
            Assert.Equal((10, 10, 10, 0), LoadBalancerLab.Count(lab.Requests(30)));

            In(lab.Director, () => lb.Apply(Three("wrr", 3, 2, 1)));
            Assert.Equal((30, 20, 10, 0), LoadBalancerLab.Count(lab.Requests(60)));
            var back = In(lab.Director, lb.ReadBack);
            Assert.Equal([(A, 3), (B, 2), (C80, 1)], back.Services[Vs].Destinations.Select(d => (d.Key, d.Value.Weight)).ToArray());

            // An established flow to b1 keeps going after b1 goes to weight 0 (conntrack holds its DNAT).
            In(lab.Director, () => lb.Apply(Three("rr", 1, 1, 1)));
            var held = HeldConnection(lab);
            In(lab.Director, () => lb.Apply(Three("rr", 0, 1, 1)));
            Assert.Equal((0, 5, 5, 0), LoadBalancerLab.Count(lab.Requests(10)));
            Assert.Equal("b1", held.Finish());

            // No destination left: refused at once, as IPVS answers ICMP port unreachable.
            In(lab.Director, () => lb.Apply(Three("rr", 0, 0, 0)));
            var down = lab.Requests(3);
            Assert.Equal((0, 0, 0, 3), LoadBalancerLab.Count(down));
            Assert.All(down, b => Assert.Contains("refused", b, StringComparison.Ordinal));

            In(lab.Director, () => lb.Apply(Three("wlc", 1, 1, 0)));
            Assert.Equal((5, 5, 0, 0), LoadBalancerLab.Count(lab.Requests(10)));
        }
        finally
        {
            In(lab.Director, lb.Release);
        }
        Assert.Null(lab.Table("inet", NftCommands.Table));
        Assert.Equal(marker, lab.Table("ip", LoadBalancerLab.MarkerTable));
        Assert.True(In(lab.Director, lb.ReadBack).Services.IsEmpty);
    }

    [Fact]
    public void TableDeletedByHand_NextChangeRebuildsIt()
    {
        using var lab = new LoadBalancerLab();
        using var lb = In(lab.Director, () => new NftablesLoadBalancer(NullLogger.Instance));
        try
        {
            In(lab.Director, () => lb.Apply(Three("rr", 1, 1, 1)));
            NamespaceLab.Exec(lab.Director, "nft", "delete", "table", "inet", NftCommands.Table);
            In(lab.Director, () => lb.Apply(Three("rr", 1, 1, 0)));
            Assert.Equal((3, 3, 0, 0), LoadBalancerLab.Count(lab.Requests(6)));
        }
        finally
        {
            In(lab.Director, lb.Release);
        }
    }

    [Fact]
    public void KernelRefusal_ThrowsWithLibnftablesText_AppliedUnchanged_NextChangeWorks()
    {
        using var lab = new LoadBalancerLab();
        using var lb = In(lab.Director, () => new NftablesLoadBalancer(NullLogger.Instance));
        try
        {
            var good = Three("rr", 1, 1, 1);
            In(lab.Director, () => lb.Apply(good));
            // An IPv6 real server behind an IPv4 service: libnftables refuses the DNAT map's data.
            var bad = Table((Vs, Entry("rr", (A, 1), (new DestinationKey(IPAddress.Parse("fd00::1"), 80), 1))));
            var e = In(lab.Director, () => Assert.Throws<Ports.LoadBalancerException>(() => lb.Apply(bad)));
            Assert.Contains("Error:", e.Message, StringComparison.Ordinal);
            Assert.Equal(good, lb.Applied);
            Assert.Equal((2, 2, 2, 0), LoadBalancerLab.Count(lab.Requests(6)));
            In(lab.Director, () => lb.Apply(Three("rr", 1, 0, 0)));
            Assert.Equal((3, 0, 0, 0), LoadBalancerLab.Count(lab.Requests(3)));
        }
        finally
        {
            In(lab.Director, lb.Release);
        }
    }

    [Fact]
    public void Persistence_AClientKeepsItsServer_GranularityGroupsClients_QuiescentKeeps_RemovedMoves()
    {
        using var lab = new LoadBalancerLab();
        const string One = "10.0.0.2", Two = "10.0.0.3";
        NamespaceLab.Exec(lab.Client, "ip", "addr", "add", $"{Two}/24", "dev", "eth0");
        uint mask24 = BitConverter.ToUInt32(IPAddress.Parse("255.255.255.0").GetAddressBytes());
        static LoadBalancerTable Rr(uint netmask, int w1, int w2, int w3) => Table((Vs, Persistent(Entry("rr", (A, w1), (B, w2), (C80, w3)), 300, netmask)));
        static string Only(string[] bodies)
        {
            Assert.Equal(9, bodies.Length);
            Assert.All(bodies, b => Assert.Equal(bodies[0], b));
            Assert.StartsWith("b", bodies[0], StringComparison.Ordinal);
            return bodies[0];
        }
        using var lb = In(lab.Director, () => new NftablesLoadBalancer(NullLogger.Instance));
        try
        {
            // Whole addresses: rr would spread 9 connections 3:3:3; each client stays on one server,
            // and the second client, scheduled next, gets another one.
            In(lab.Director, () => lb.Apply(Rr(uint.MaxValue, 1, 1, 1)));
            string one = Only(lab.Requests(9, source: One));
            string two = Only(lab.Requests(9, source: Two));
            Assert.NotEqual(one, two);
            Assert.Contains("timeout 5m expires", NamespaceLab.Run(lab.Director, TimeSpan.FromSeconds(10), "nft", "list", "set", "inet", NftCommands.Table,
                NftCommands.ClientSet(Vs, Dest(one))).Stdout, StringComparison.Ordinal);
            Assert.Equal([(A, 1), (B, 1), (C80, 1)], In(lab.Director, lb.ReadBack).Services[Vs].Destinations.Select(d => (d.Key, d.Value.Weight)).ToArray());

            // A /24 granularity: both clients are one template, so all 18 land on one server.
            In(lab.Director, () => lb.Apply(Rr(mask24, 1, 1, 1)));
            string both = Only(lab.Requests(9, source: One));
            Assert.Equal(both, Only(lab.Requests(9, source: Two)));

            // Weight 0 (inhibit_on_failure): the remembered clients stay, as IPVS's default
            // expire_quiescent_template=0 keeps their template until it times out.
            int at = both[1] - '1';
            int[] w = [1, 1, 1];
            w[at] = 0;
            In(lab.Director, () => lb.Apply(Rr(mask24, w[0], w[1], w[2])));
            Assert.Equal(both, Only(lab.Requests(9, source: Two)));

            // Removed: its template goes with it; the clients move to one other server and stay there.
            var rest = Table((Vs, Persistent(Entry("rr", new[] { (A, 1), (B, 1), (C80, 1) }.Where((_, i) => i != at).ToArray()), 300, mask24)));
            In(lab.Director, () => lb.Apply(rest));
            string moved = Only(lab.Requests(9, source: One));
            Assert.NotEqual(both, moved);
            Assert.Equal(moved, Only(lab.Requests(9, source: Two)));
            Assert.DoesNotContain(NftCommands.ClientSet(Vs, Dest(both)), lab.Table("inet", NftCommands.Table), StringComparison.Ordinal);

            // Persistence off: plain rr again, and no set of ours is left.
            In(lab.Director, () => lb.Apply(Three("rr", 1, 1, 1)));
            Assert.Equal((3, 3, 3, 0), LoadBalancerLab.Count(lab.Requests(9, source: One)));
            Assert.DoesNotContain("_p_", lab.Table("inet", NftCommands.Table), StringComparison.Ordinal);
        }
        finally
        {
            In(lab.Director, lb.Release);
        }
    }

    private static ServiceEntry MhPort(ServiceEntry e) => e with { Options = e.Options with { Flags = 0x10 } };

    [Fact]
    public void Mh_EachClientKeepsItsServer_RemovingOneMovesOnlyItsClients_PortFlagSpreadsOneClient()
    {
        using var lab = new LoadBalancerLab();
        string[] clients = Enumerable.Range(2, 8).Select(i => $"10.0.0.{i}").ToArray();
        foreach (var c in clients[1..]) NamespaceLab.Exec(lab.Client, "ip", "addr", "add", $"{c}/24", "dev", "eth0");
        static string Only(string[] bodies)
        {
            Assert.All(bodies, b => Assert.Equal(bodies[0], b));
            Assert.StartsWith("b", bodies[0], StringComparison.Ordinal);
            return bodies[0];
        }
        using var lb = In(lab.Director, () => new NftablesLoadBalancer(NullLogger.Instance));
        try
        {
            // The Maglev table hashes the source address: every connection of a client lands on one server.
            In(lab.Director, () => lb.Apply(Three("mh", 1, 1, 1)));
            var first = clients.ToDictionary(c => c, c => Only(lab.Requests(3, source: c)));
            Assert.True(first.Values.Distinct().Count() >= 2, string.Join(' ', first));

            // One server leaves: its clients move, everyone else's stay where they were.
            string gone = first[clients[0]];
            int at = gone[1] - '1';
            int[] w = [1, 1, 1];
            w[at] = 0;
            In(lab.Director, () => lb.Apply(Three("mh", w[0], w[1], w[2])));
            foreach (var c in clients)
            {
                string now = Only(lab.Requests(3, source: c));
                if (first[c] == gone) Assert.NotEqual(gone, now);
                else Assert.Equal(first[c], now);
            }

            // mh-port: the source port is hashed too, so one client's connections spread.
            In(lab.Director, () => lb.Apply(Table((Vs, MhPort(Entry("mh", (A, 1), (B, 1), (C80, 1)))))));
            var spread = LoadBalancerLab.Count(lab.Requests(30, source: clients[0]));
            Assert.Equal(0, spread.Failed);
            Assert.True(new[] { spread.B1, spread.B2, spread.B3 }.Count(n => n > 0) >= 2, spread.ToString());
        }
        finally
        {
            In(lab.Director, lb.Release);
        }
    }

    [Fact]
    public void Sh_WithoutFallback_WeightZerosSourcesRefused_OthersStay()
    {
        using var lab = new LoadBalancerLab();
        string[] clients = Enumerable.Range(2, 12).Select(i => $"10.0.0.{i}").ToArray();
        foreach (var c in clients[1..]) NamespaceLab.Exec(lab.Client, "ip", "addr", "add", $"{c}/24", "dev", "eth0");
        static string Only(string[] bodies)
        {
            Assert.All(bodies, b => Assert.Equal(bodies[0], b));
            return bodies[0];
        }
        using var lb = In(lab.Director, () => new NftablesLoadBalancer(NullLogger.Instance));
        try
        {
            In(lab.Director, () => lb.Apply(Three("sh", 1, 1, 1)));
            var first = clients.ToDictionary(c => c, c => Only(lab.Requests(3, source: c)));
            Assert.All(first.Values, b => Assert.StartsWith("b", b, StringComparison.Ordinal));
            string gone = first[clients[0]];
            int[] w = [1, 1, 1];
            w[gone[1] - '1'] = 0;
            // ip_vs_sh_get: the source's server is unavailable and there is no fallback: no destination.
            In(lab.Director, () => lb.Apply(Three("sh", w[0], w[1], w[2])));
            foreach (var c in clients)
            {
                string now = Only(lab.Requests(3, source: c));
                if (first[c] == gone) Assert.Contains("refused", now, StringComparison.Ordinal);
                else Assert.Equal(first[c], now);
            }
            Assert.Equal("sh", In(lab.Director, lb.ReadBack).Services[Vs].Options.Scheduler);
        }
        finally
        {
            In(lab.Director, lb.Release);
        }
    }

    private static DestinationKey Dest(string body) => body switch { "b1" => A, "b2" => B, _ => C80 };

    /// <summary>A client connection opened now and used later: <see cref="Finish"/> sends the GET and returns the body.</summary>
    private sealed class Held(Process p, string go)
    {
        public string Finish()
        {
            File.WriteAllText(go, "");
            Assert.True(p.WaitForExit(20_000));
            return p.StandardOutput.ReadToEnd().Trim();
        }
    }

    private static Held HeldConnection(LoadBalancerLab lab)
    {
        string ready = Path.Combine(lab.Files, "held-ready"), go = Path.Combine(lab.Files, "held-go");
        string script = $$"""
            import socket,os,time
            s=socket.create_connection(('{{LoadBalancerLab.Vip}}',80),timeout=5)
            open('{{ready}}','w').close()
            t=time.time()
            while not os.path.exists('{{go}}') and time.time()-t<15: time.sleep(0.02)
            s.sendall(b'GET / HTTP/1.0\r\n\r\n')
            d=b''
            while True:
                c=s.recv(4096)
                if not c: break
                d+=c
            print(d.split(b'\r\n\r\n',1)[1].decode().strip())
            """;
        var p = lab.Lab.Start(lab.Client, "python3", "-c", script);
        var sw = Stopwatch.StartNew();
        while (!File.Exists(ready) && sw.Elapsed < LoadBalancerLab.Bound) Thread.Sleep(20);
        Assert.True(File.Exists(ready), "the held connection did not open");
        return new Held(p, go);
    }
}

[CollectionDefinition(nameof(LoadBalancerLabTests), DisableParallelization = true)]
public sealed class LoadBalancerLabTests;
