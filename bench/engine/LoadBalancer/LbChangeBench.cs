using System.Net;
using KeepalivedSharp.Bench.Engine.Harness;
using KeepalivedSharp.Core.Check;
using KeepalivedSharp.Host.LoadBalancer;
using Microsoft.Extensions.Logging.Abstractions;

namespace KeepalivedSharp.Bench.Engine.LoadBalancer;

/// <summary>
/// (e) One real server's verdict to the load-balancer commands, on our side only: the check engine's
/// step (BFD_CHECK verdicts, so no probe bookkeeping) and the host's <see cref="IpvsLoadBalancer.Apply"/>
/// into an IPVS that takes every command (<see cref="NullIpvs"/>), or the nftables batch
/// (<see cref="NftCommands.Change"/>). One virtual server, wrr, N real servers, as bench/lb.
/// Each unit turns one server down or back up, round-robin over the pool.
/// </summary>
public static class LbChangeBench
{
    public const string Suite = "lb-change";

    public static IEnumerable<CaseResult> Run(Runner runner)
    {
        foreach (int n in new[] { 10, 100, 1000 })
        {
            yield return Measure(runner, $"verdict to IPVS commands, 1 service, {n} real servers", n, nft: false);
            yield return Measure(runner, $"verdict to nftables batch, 1 service, {n} real servers", n, nft: true);
        }
    }

    private static CaseResult Measure(Runner runner, string name, int count, bool nft)
    {
        var loop = new VerdictLoop(count, nft);
        loop.Run(2 * count);
        var m = runner.Ops(Suite, name, "changes", loop.Run);
        loop.Check();
        return new(m with { Note = nft ? "" : $"{loop.CommandsPerChange:0.##} IPVS command(s) per change" }, loop.Run);
    }

    /// <summary>An engine started with every server up, and a backend fed each table it emits. Kept for the allocation pass, never disposed.</summary>
    private sealed class VerdictLoop : IDisposable
    {
        private readonly CheckEngine _engine;
        private readonly CheckerRef[] _checkers;
        private readonly bool[] _up;
        private readonly NullIpvs _ipvs = new();
        private readonly IpvsLoadBalancer _lb;
        private readonly bool _nft;
        private readonly List<CheckAction> _out = [];
        private LoadBalancerTable _applied = LoadBalancerTable.Empty;
        private TimeSpan _now;
        private int _next;
        private long _changes;
        private long _bytes;

        public VerdictLoop(int count, bool nft)
        {
            _nft = nft;
            var bfd = new CheckerSettings(CheckerKind.Bfd, TimeSpan.FromSeconds(1), TimeSpan.Zero, 0, TimeSpan.Zero);
            var vs = new VirtualServerSettings("bench", [ServiceKey.ForAddress(LbProtocol.Tcp, IPAddress.Parse("10.89.0.1"), 80)],
                ServiceOptions.Default with { Scheduler = "wrr" },
                [.. Enumerable.Range(0, count).Select(k => new RealServerSettings(
                    new DestinationKey(new IPAddress([10, 89, (byte)(1 + k / 250), (byte)(1 + k % 250)]), 80), 1,
                    DestinationOptions.Nat, false, [bfd]))]);
            _checkers = [.. vs.RealServers.Select(r => new CheckerRef(vs.Id, r.Endpoint, 0))];
            _up = new bool[count];
            _engine = new CheckEngine([vs], 1);
            _lb = new IpvsLoadBalancer(_ipvs, NullLogger.Instance);
            _engine.Start(_now, _out);
            for (int k = 0; k < count; k++) Verdict(k, true);
            if (_engine.Table.DestinationCount != count) throw new InvalidOperationException($"{count} servers up, {_engine.Table.DestinationCount} in the table");
            _changes = 0;
            _bytes = 0;
        }

        public void Dispose() => _lb.Dispose();

        public double CommandsPerChange => _changes == 0 ? 0 : (double)_ipvs.Commands / _changes;

        public void Run(long units)
        {
            for (long u = 0; u < units; u++)
            {
                int k = _next;
                _next = (_next + 1) % _checkers.Length;
                Verdict(k, !_up[k]);
                _changes++;
            }
        }

        public void Check()
        {
            int up = _up.Count(u => u);
            if (_engine.Table.DestinationCount != up) throw new InvalidOperationException($"{up} servers up, {_engine.Table.DestinationCount} in the table");
            if (_nft && _bytes == 0) throw new InvalidOperationException("no nftables batch written");
        }

        private void Verdict(int k, bool up)
        {
            _up[k] = up;
            _now += TimeSpan.FromMilliseconds(1);
            _out.Clear();
            _engine.BfdState(_checkers[k], up, _now, _out);
            foreach (var a in _out)
            {
                if (a is not TableChanged t) continue;
                if (_nft)
                {
                    _bytes += NftCommands.Change(_applied, t.Table, create: false, t.Change).Length;
                    _applied = t.Table;
                }
                else
                {
                    _lb.Apply(t.Table, t.Change);
                }
            }
        }
    }
}
