using System.Collections.Immutable;
using KeepalivedSharp.Core.Check;
using static KeepalivedSharp.Core.Tests.Check.CheckFixtures;

namespace KeepalivedSharp.Core.Tests.Check;

/// <summary>
/// The engine keeps its table by updating only what a verdict touched. Seeded random configs (quorum with
/// hysteresis, sorry servers, sorry_server_inhibit, inhibit_on_failure, weights, alpha, misc_dynamic and
/// FILE_CHECK weights, services shared by two virtual servers, a sorry server that is also a real server)
/// and random sequences of BFD, FILE and probe verdicts and reloads: after every step the table equals
/// the whole derivation, and each change's scoped diff is the whole diff, op for op.
/// </summary>
public class IncrementalTableTests
{
    [Fact]
    public void RandomVerdictsAndReloads_300Seeds_IncrementalTableIsTheWholeDerivation()
    {
        ForSeeds(300, Run);
    }

    [Fact]
    public void OneVerdict_NamesOnlyItsDestination()
    {
        var bfd = new CheckerSettings(CheckerKind.Bfd, S, S, 0, TimeSpan.Zero);
        var servers = Enumerable.Range(1, 50).Select(n => new RealServerSettings(Rs(n), 1, DestinationOptions.Nat, false, [bfd])).ToArray();
        var engine = new CheckEngine([Virtual(servers)], 1);
        var output = new List<CheckAction>();
        engine.Start(TimeSpan.Zero, output);
        foreach (var rs in servers) engine.BfdState(new CheckerRef("[10.0.0.100]:tcp:80", rs.Endpoint, 0), true, S, output);
        var before = engine.Table;

        output.Clear();
        engine.BfdState(new CheckerRef("[10.0.0.100]:tcp:80", Rs(7), 0), false, 2 * S, output);

        var change = Assert.Single(output.OfType<TableChanged>()).Change;
        Assert.NotNull(change);
        Assert.Same(before, change.From);
        var service = Assert.Single(change.Services);
        Assert.Equal(Service(), service.Service);
        Assert.Equal([Rs(7)], service.Destinations!);
        Assert.Equal([new DeleteDestination(Service(), Rs(7))], TableDiff.Diff(before, engine.Table, change));
    }

    private static void Run(int seed)
    {
        var rnd = new Random(seed);
        var config = RandomConfig(rnd);
        var engine = new CheckEngine(config, (ulong)seed);
        var now = TimeSpan.Zero;
        var inFlight = new List<RunProbe>();
        TimeSpan? timer = null;

        void Step(Action<List<CheckAction>> body, string what)
        {
            var before = engine.Table;
            var output = new List<CheckAction>();
            body(output);
            var table = before;
            foreach (var a in output)
            {
                switch (a)
                {
                    case CheckTimer t: timer = t.At; break;
                    case RunProbe p: inFlight.Add(p); break;
                    case TableChanged { Change: { } change } tc:
                        if (!ReferenceEquals(change.From, table)) throw new InvalidOperationException($"{what}: a change not from the table before it");
                        var scoped = TableDiff.Diff(change.From, tc.Table, change);
                        var whole = TableDiff.Diff(change.From, tc.Table);
                        if (!scoped.SequenceEqual(whole))
                            throw new InvalidOperationException($"{what}: scoped diff [{string.Join("; ", scoped)}] is not the whole diff [{string.Join("; ", whole)}]");
                        if (scoped.Count == 0) throw new InvalidOperationException($"{what}: a change with no operation");
                        table = tc.Table;
                        break;
                    case TableChanged tc: table = tc.Table; break;
                }
            }
            if (!ReferenceEquals(table, engine.Table)) throw new InvalidOperationException($"{what}: the last table emitted is not the engine's");
            // After shutdown the table is empty (asserted at the end), not the servers' derivation.
            var derived = what == "shutdown" ? LoadBalancerTable.Empty : engine.BuildTable();
            if (!derived.Equals(engine.Table))
                throw new InvalidOperationException($"{what}: incremental table differs from the whole derivation by [{string.Join("; ", TableDiff.Diff(engine.Table, derived))}]");
        }

        Step(o => engine.Start(now, o), "start");
        for (int step = 0; step < 300; step++)
        {
            now += TimeSpan.FromMilliseconds(rnd.Next(1, 1500));
            var checkers = config.SelectMany(v => v.RealServers.SelectMany(r => r.Checkers.Select((c, k) => (Ref: new CheckerRef(v.Id, r.Endpoint, k), c.Kind)))).ToList();
            int pick = rnd.Next(10);
            if (pick < 3 && checkers.Where(c => c.Kind == CheckerKind.Bfd).ToList() is { Count: > 0 } bfd)
            {
                var c = bfd[rnd.Next(bfd.Count)];
                bool up = rnd.Next(2) == 0;
                Step(o => engine.BfdState(c.Ref, up, now, o), $"step {step}: BFD {c.Ref} {up}");
            }
            else if (pick < 5 && checkers.Where(c => c.Kind == CheckerKind.File).ToList() is { Count: > 0 } files)
            {
                var c = files[rnd.Next(files.Count)];
                long value = rnd.Next(-2, 6);
                Step(o => engine.FileValue(c.Ref, value, now, o), $"step {step}: FILE {c.Ref} {value}");
            }
            else if (pick < 7 && inFlight.Count > 0)
            {
                var p = inFlight[rnd.Next(inFlight.Count)];
                inFlight.Remove(p);
                bool ok = rnd.Next(3) != 0;
                int? exit = rnd.Next(6);
                Step(o => engine.ProbeDone(p.Probe, ok, exit, null, now, o), $"step {step}: probe {p.Checker} {ok} {exit}");
            }
            else if (pick < 9 && timer is { } at)
            {
                if (at > now) now = at;
                timer = null;
                Step(o => engine.Tick(now, o), $"step {step}: tick");
            }
            else
            {
                config = rnd.Next(3) == 0 ? config : Mutate(rnd, config);
                var next = config;
                inFlight.Clear();
                Step(o => engine.Reload(next, now, o), $"step {step}: reload");
            }
        }
        Step(o => engine.Shutdown(now, o), "shutdown");
        Assert.Empty(engine.Table.Services);
    }

    private static List<VirtualServerSettings> RandomConfig(Random rnd)
    {
        int n = rnd.Next(1, 4);
        var list = new List<VirtualServerSettings>();
        for (int v = 0; v < n; v++)
        {
            var reals = Enumerable.Range(1, rnd.Next(1, 7)).Select(r => RandomReal(rnd, r + 10 * v)).ToList();
            long total = Math.Max(1, reals.Sum(r => (long)r.Weight));
            long q = Math.Max(1, Math.Min(rnd.Next(1, 6), total));
            // A service of the virtual server before it now and then (two groups covering one address).
            ImmutableArray<ServiceKey> services = v > 0 && rnd.Next(5) == 0 ? [Service((ushort)(80 + v)), Service((ushort)(79 + v))] : [Service((ushort)(80 + v))];
            var sorry = rnd.Next(3) switch
            {
                0 => null,
                // The sorry server is one of the real servers: the whole virtual server is derived on each change.
                1 when rnd.Next(3) == 0 => new RealServerSettings(reals[0].Endpoint, 1, DestinationOptions.Nat, false, []),
                _ => new RealServerSettings(Rs(200 + v), rnd.Next(0, 3), DestinationOptions.Nat, false, []),
            };
            list.Add(new VirtualServerSettings($"vs{v}", services, ServiceOptions.Default, [.. reals],
                Quorum: q, Hysteresis: Math.Min(rnd.Next(0, 3), q - 1), SorryServer: sorry, SorryServerInhibit: rnd.Next(3) == 0));
        }
        return list;
    }

    private static RealServerSettings RandomReal(Random rnd, int n) =>
        new(Rs(n), rnd.Next(0, 4), DestinationOptions.Nat, rnd.Next(3) == 0,
            [.. Enumerable.Range(0, rnd.Next(0, 3)).Select(_ => RandomChecker(rnd))]);

    private static CheckerSettings RandomChecker(Random rnd) => rnd.Next(4) switch
    {
        0 => new CheckerSettings(CheckerKind.Bfd, S, S, 0, TimeSpan.Zero, Alpha: rnd.Next(3) == 0),
        1 => new CheckerSettings(CheckerKind.File, S, S, 0, TimeSpan.Zero, FileWeight: rnd.Next(-2, 3), FileReverse: rnd.Next(2) == 0),
        2 => new CheckerSettings(CheckerKind.Misc, TimeSpan.FromSeconds(rnd.Next(1, 4)), S, rnd.Next(0, 2), TimeSpan.Zero,
            Alpha: rnd.Next(3) == 0, MiscDynamic: rnd.Next(2) == 0, ProbeLimit: 5 * S),
        _ => new CheckerSettings(CheckerKind.Tcp, TimeSpan.FromSeconds(rnd.Next(1, 4)), S, rnd.Next(0, 2), TimeSpan.Zero,
            Alpha: rnd.Next(3) == 0, ProbeLimit: 5 * S),
    };

    /// <summary>A reload's config: a weight, an inhibit flag or a sorry server changed, a real server added or dropped, a virtual server dropped.</summary>
    private static List<VirtualServerSettings> Mutate(Random rnd, List<VirtualServerSettings> config)
    {
        var list = config.ToList();
        int v = rnd.Next(list.Count);
        var vs = list[v];
        var reals = vs.RealServers.ToList();
        int r = rnd.Next(reals.Count);
        switch (rnd.Next(6))
        {
            case 0: reals[r] = reals[r] with { Weight = rnd.Next(0, 5) }; break;
            case 1: reals[r] = reals[r] with { InhibitOnFailure = !reals[r].InhibitOnFailure }; break;
            case 2 when reals.Count > 1: reals.RemoveAt(r); break;
            case 3: reals.Add(RandomReal(rnd, 100 + rnd.Next(50))); break;
            case 4: list[v] = vs with { SorryServer = vs.SorryServer is null ? new RealServerSettings(Rs(220 + v), 1, DestinationOptions.Nat, false, []) : null }; return list;
            case 5 when list.Count > 1: list.RemoveAt(v); return list;
        }
        list[v] = vs with { RealServers = [.. reals.DistinctBy(x => x.Endpoint)] };
        return list;
    }
}
