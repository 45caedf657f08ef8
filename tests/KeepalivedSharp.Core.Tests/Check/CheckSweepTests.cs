using System.Collections.Immutable;
using KeepalivedSharp.Core.Check;
using static KeepalivedSharp.Core.Tests.Check.CheckFixtures;

namespace KeepalivedSharp.Core.Tests.Check;

/// <summary>
/// Seeded random clusters of virtual servers with flapping backends, in virtual time, with the
/// check-module invariants: the table follows the events, a failed server is out within the bound
/// from delay_loop, retry, delay_before_retry and connect_timeout, lost quorum puts the sorry server
/// in, no table change happens without a cause, and an unchanged reload issues no operation.
/// </summary>
public class CheckSweepTests
{
    private static readonly TimeSpan ConnectTimeout = 2 * S;

    [Fact]
    public void Sweep_500Seeds_InvariantsHold()
    {
        ForSeeds(500, Run);
    }

    private static void Run(int seed)
    {
        var rnd = new Random(seed);
        var servers = RandomServers(rnd);
        var backendUp = servers.SelectMany(v => v.RealServers).Select(r => r.Endpoint).Distinct().ToDictionary(e => e, _ => true);
        var downSince = new Dictionary<DestinationKey, TimeSpan>();
        var engine = new CheckEngine(servers, (ulong)seed);
        var answers = new PriorityQueue<(long Probe, bool Ok, int? Exit), TimeSpan>();
        var end = TimeSpan.FromMinutes(10);
        var now = TimeSpan.Zero;
        TimeSpan? timer = null;
        var nextFlip = TimeSpan.FromSeconds(rnd.Next(1, 60));
        var nextReload = TimeSpan.FromSeconds(rnd.Next(30, 200));
        var applied = LoadBalancerTable.Empty;
        // The state the events announced, rebuilt independently of the engine.
        var alive = new Dictionary<(string, DestinationKey), bool>();
        var quorum = servers.ToDictionary(v => v.Id, _ => false);

        void Handle(List<CheckAction> output, string cause)
        {
            bool explained = cause is "start" or "shutdown";
            foreach (var a in output)
            {
                switch (a)
                {
                    case CheckTimer t: timer = t.At; break;
                    case RunProbe p:
                        {
                            bool ok = backendUp[p.Checker.RealServer];
                            var kind = servers.Single(v => v.Id == p.Checker.VirtualServer).RealServers
                                .Single(r => r.Endpoint == p.Checker.RealServer).Checkers[p.Checker.Index].Kind;
                            int? exit = kind == CheckerKind.Misc ? (ok ? 0 : 1) : null;
                            answers.Enqueue((p.Probe, ok, exit), now + TimeSpan.FromMilliseconds(rnd.Next(0, (int)ConnectTimeout.TotalMilliseconds)));
                            break;
                        }
                    case RealServerChanged r when !r.Initial: alive[(r.VirtualServer, r.RealServer)] = r.Up; explained = true; break;
                    case QuorumChanged q: quorum[q.VirtualServer] = q.Up; explained = true; break;
                    case WeightChanged: explained = true; break;
                    case TableChanged tc:
                        if (!explained) throw new InvalidOperationException($"{now}: table changed without a cause ({cause})");
                        var ops = TableDiff.Diff(applied, tc.Table);
                        if (ops.Count == 0) throw new InvalidOperationException($"{now}: TableChanged with an equal table");
                        applied = TableDiff.Apply(ops, applied);
                        break;
                }
            }
            Assert.Equal(engine.Table, applied);
            if (cause != "shutdown") CheckTable(servers, engine.Table, alive, quorum, now);
        }

        var start = new List<CheckAction>();
        engine.Start(now, start);
        foreach (var vs in servers)
            foreach (var rs in vs.RealServers)
                alive[(vs.Id, rs.Endpoint)] = rs.Checkers.All(c => !c.Alpha);
        Handle(start, "start");

        while (now < end)
        {
            var next = new[] { timer ?? TimeSpan.MaxValue, answers.TryPeek(out _, out var at) ? at : TimeSpan.MaxValue, nextFlip, nextReload }.Min();
            if (next > end) break;
            now = next;
            var output = new List<CheckAction>();
            if (answers.TryPeek(out var ans, out var when) && when == now)
            {
                answers.Dequeue();
                engine.ProbeDone(ans.Probe, ans.Ok, ans.Exit, null, now, output);
                Handle(output, "probe");
            }
            else if (timer == now)
            {
                timer = null;
                engine.Tick(now, output);
                Handle(output, "tick");
            }
            else if (nextFlip == now)
            {
                var keys = backendUp.Keys.ToList();
                var k = keys[rnd.Next(keys.Count)];
                backendUp[k] = !backendUp[k];
                if (backendUp[k]) downSince.Remove(k); else downSince[k] = now;
                nextFlip = now + TimeSpan.FromSeconds(rnd.Next(1, 90));
            }
            else
            {
                engine.Reload(servers, now, output);
                if (output.OfType<TableChanged>().Any()) throw new InvalidOperationException($"{now}: an unchanged reload changed the table: {string.Join("; ", TableDiff.Diff(applied, output.OfType<TableChanged>().Last().Table))} after {string.Join("; ", output.Where(a => a is not TableChanged))}");
                Handle(output, "reload");
                nextReload = now + TimeSpan.FromSeconds(rnd.Next(30, 200));
            }
            CheckFailedServersOut(servers, engine.Table, downSince, now);
        }
        var last = new List<CheckAction>();
        engine.Shutdown(now, last);
        Handle(last, "shutdown");
        Assert.Empty(engine.Table.Services);
    }

    /// <summary>The table is what the announced states imply (ipwrapper.c's rules, spec 1.4 and 1.8).</summary>
    private static void CheckTable(List<VirtualServerSettings> servers, LoadBalancerTable table,
        Dictionary<(string, DestinationKey), bool> alive, Dictionary<string, bool> quorum, TimeSpan now)
    {
        foreach (var vs in servers)
        {
            bool sorry = vs.SorryServer is not null && !quorum[vs.Id];
            foreach (var svc in vs.Services)
            {
                var dests = table.Services[svc].Destinations;
                foreach (var rs in vs.RealServers)
                {
                    bool up = alive[(vs.Id, rs.Endpoint)];
                    dests.TryGetValue(rs.Endpoint, out var d);
                    bool present = dests.ContainsKey(rs.Endpoint);
                    if (up && !sorry && !present) throw new InvalidOperationException($"{now}: live {rs.Endpoint} missing");
                    if ((!up || sorry) && present && (!rs.InhibitOnFailure || d.Weight != 0))
                        throw new InvalidOperationException($"{now}: {rs.Endpoint} in at weight {d.Weight} though {(sorry ? "sorry is in" : "down")}");
                }
                if (sorry && !dests.ContainsKey(vs.SorryServer!.Endpoint))
                    throw new InvalidOperationException($"{now}: quorum lost but the sorry server is out");
            }
        }
    }

    /// <summary>A server whose backend has been down longer than the bound is out (or at weight 0).</summary>
    private static void CheckFailedServersOut(List<VirtualServerSettings> servers, LoadBalancerTable table,
        Dictionary<DestinationKey, TimeSpan> downSince, TimeSpan now)
    {
        foreach (var vs in servers)
            foreach (var rs in vs.RealServers)
            {
                if (rs.Checkers.Length == 0 || !downSince.TryGetValue(rs.Endpoint, out var since)) continue;
                var bound = rs.Checkers.Min(Bound);
                if (now - since <= bound) continue;
                foreach (var svc in vs.Services)
                    if (table.Services[svc].Destinations.TryGetValue(rs.Endpoint, out var d) && d.Weight != 0)
                        throw new InvalidOperationException($"{now}: {rs.Endpoint} down since {since} still in (bound {bound})");
            }
    }

    /// <summary>
    /// The detection bound: a probe that just passed, a delay_loop, then retry+1 failing probes
    /// spaced by delay_before_retry, each taking up to connect_timeout; or, before the first check,
    /// the bootstrap delay plus warmup plus one probe.
    /// </summary>
    private static TimeSpan Bound(CheckerSettings c)
    {
        var steady = c.DelayLoop + 2 * ConnectTimeout + c.Retry * (c.DelayBeforeRetry + ConnectTimeout);
        var first = CheckEngine.BootstrapDelay + c.Warmup + ConnectTimeout;
        return steady > first ? steady : first;
    }

    private static List<VirtualServerSettings> RandomServers(Random rnd)
    {
        var list = new List<VirtualServerSettings>();
        int n = rnd.Next(1, 4);
        for (int v = 0; v < n; v++)
        {
            var reals = new List<RealServerSettings>();
            int m = rnd.Next(1, 5);
            for (int r = 1; r <= m; r++)
            {
                var checkers = Enumerable.Range(0, rnd.Next(0, 3)).Select(_ => RandomChecker(rnd)).ToImmutableArray();
                reals.Add(new RealServerSettings(Rs(r + 10 * v), rnd.Next(0, 4), DestinationOptions.Nat, rnd.Next(3) == 0, checkers));
            }
            long total = reals.Sum(r => (long)r.Weight);
            long q = Math.Max(1, Math.Min(rnd.Next(1, 6), total));
            list.Add(new VirtualServerSettings($"vs{v}", [Service((ushort)(80 + v))], ServiceOptions.Default, [.. reals],
                Quorum: q, Hysteresis: Math.Min(rnd.Next(0, 3), q - 1),
                SorryServer: rnd.Next(2) == 0 ? new RealServerSettings(Rs(200 + v), 1, DestinationOptions.Nat, false, []) : null,
                SorryServerInhibit: rnd.Next(3) == 0));
        }
        return list;
    }

    private static CheckerSettings RandomChecker(Random rnd)
    {
        var kind = new[] { CheckerKind.Tcp, CheckerKind.Http, CheckerKind.Misc }[rnd.Next(3)];
        return new CheckerSettings(kind, TimeSpan.FromSeconds(rnd.Next(1, 10)), TimeSpan.FromSeconds(rnd.Next(0, 4)),
            rnd.Next(0, 4), TimeSpan.FromSeconds(rnd.Next(0, 5)), Alpha: rnd.Next(4) == 0,
            UrlCount: kind == CheckerKind.Http ? rnd.Next(1, 4) : 1, FastRecovery: rnd.Next(2) == 0, ProbeLimit: 3 * ConnectTimeout);
    }
}
