using KeepalivedSharp.Core.Check;
using KeepalivedSharp.Host.Check;
using KeepalivedSharp.Host.Ports;
using KeepalivedSharp.Linux.Netlink;
using KeepalivedSharp.Probes;
using Microsoft.Extensions.Logging.Abstractions;

namespace KeepalivedSharp.Simulation.Cluster;

/// <summary>
/// The checkers of each node: the daemon's real <see cref="CheckHost"/> and <see cref="CheckEngine"/>, with
/// probes answered by the cluster's <see cref="SimBackends"/> in virtual time instead of sockets and processes.
/// </summary>
public sealed partial class ClusterSimulator
{
    /// <summary>The backends the checkers probe; scenario events change them.</summary>
    public SimBackends Backends { get; } = new();

    /// <summary>Changes how a backend answers, for every node's checkers that probe it.</summary>
    public void SetBackend(System.Net.IPEndPoint backend, BackendMode mode, int? httpStatus = null)
    {
        _causes.Add((Now, $"backend {backend} {(httpStatus is { } s ? $"http-status {s}" : mode.ToString().ToLowerInvariant())}"));
        Backends.Set(backend, mode, httpStatus);
    }

    private void BootChecks(SimNode node)
    {
        if (node.CheckSetup.VirtualServers.IsEmpty) return;
        var host = new CheckHost(node.CheckSetup, node.CheckSeed + (ulong)node.Incarnation, new SimProbes(this, node), NullLogger.Instance);
        host.Observer = (action, _) => ObserveCheck(node, host, action);
        node.Checks = host;
        var book = node.SuspendAddresses = new HaSuspendAddresses(node.CheckSetup);
        var presence = book.Reset(node.Network.List(family: null).Select(a => (a.Address, a.InterfaceIndex)));
        RunChecks(node, h => h.Start(Now, presence), cause: "start");
        foreach (var (file, value) in node.FileValues) FeedFile(node, file, value);
    }

    /// <summary>ha_suspend: an address the node's VRRP added or removed reaches its checkers, as the daemon's netlink watch posts it.</summary>
    private void FeedAddress(SimNode node, AddressSpec address, bool added)
    {
        if (node.Checks is null || node.SuspendAddresses is not { } book) return;
        var changes = new List<VipPresent>();
        book.Apply(address.Address, address.InterfaceIndex, !added, changes);
        foreach (var c in changes) RunChecks(node, h => h.Handle(c, Now));
    }

    /// <summary>FILE_CHECK shares track_file with VRRP: a new value reaches every checker that tracks that file.</summary>
    private void FeedFile(SimNode node, string file, long value)
    {
        foreach (var vs in node.CheckSetup.VirtualServers)
        foreach (var rs in vs.RealServers)
        for (int i = 0; i < rs.Checkers.Length; i++)
        {
            if (rs.Checkers[i].Probe is Settings.CheckProbe { Checker.TrackFile: { } tracked } && tracked == file)
                RunChecks(node, h => h.Handle(new FileRead(new CheckerRef(vs.Id, rs.Endpoint, i), value), Now));
        }
    }

    /// <summary>
    /// SIGHUP's check side with the node's unchanged config: kept servers and checkers keep their state, so it must
    /// change nothing; returns what it changed (real servers, quorum, the table), which the sweep requires to be zero.
    /// </summary>
    public int ReloadChecks(SimNode node)
    {
        if (node.Checks is null) return 0;
        int before = _events.Count;
        var setup = Settings.CheckSetupBuilder.Build(node.Config);
        RunChecks(node, h => h.Reload(setup, Now), cause: null);
        return _events.Skip(before).Count(e => e is SimulatedRealServer or SimulatedQuorum or SimulatedTable);
    }

    /// <summary><paramref name="cause"/>: why this step may change the table by itself (start, stop); else only a server or quorum change may.</summary>
    internal void RunChecks(SimNode node, Action<CheckHost> call, string? cause = null)
    {
        if (node.Checks is not { } host) return;
        node.CheckStepCause = cause;
        call(host);
        var next = host.NextDeadline;
        if (next is null || next == node.ChecksArmedAt) return;
        node.ChecksArmedAt = next;
        int incarnation = node.Incarnation;
        At(next.Value < Now ? Now : next.Value, () =>
        {
            if (node.Incarnation != incarnation || node.ChecksArmedAt != next) return;
            node.ChecksArmedAt = null;
            RunChecks(node, h => h.Tick(Now));
        });
    }

    private void ObserveCheck(SimNode node, CheckHost host, CheckAction action)
    {
        switch (action)
        {
            case RealServerChanged or RealServerCleared or QuorumChanged or WeightChanged:
                node.CheckStepCause ??= action.GetType().Name;
                break;
        }
        switch (action)
        {
            case RealServerChanged r:
                _events.Add(new SimulatedRealServer(Now, node.Name, r.VirtualServer, host.RealServerText(r.VirtualServer, r.RealServer), r.Up));
                break;
            case RealServerCleared { Notify: true } c:
                _events.Add(new SimulatedRealServer(Now, node.Name, c.VirtualServer, host.RealServerText(c.VirtualServer, c.RealServer), false));
                break;
            case QuorumChanged q when !q.Startup:
                _events.Add(new SimulatedQuorum(Now, node.Name, q.VirtualServer, q.Up, q.Alive, q.Quorum));
                break;
            case TableChanged t:
                _events.Add(new SimulatedTable(Now, node.Name, t.Table));
                CheckTable(node, host, t.Table);
                break;
        }
    }

    /// <summary>
    /// The sweep's checker invariants, as the table changes: no change without a cause (a server, quorum or
    /// weight change, or the checkers' start or stop in the same step), and the sorry server is in the table
    /// (with a weight) exactly while its virtual server has lost quorum (ipwrapper.c update_quorum_state).
    /// </summary>
    private void CheckTable(SimNode node, CheckHost host, LoadBalancerTable table)
    {
        string at = $"t={SimulatedTransition.Seconds(Now)} {node.Name}";
        if (node.CheckStepCause is null) _violations.Add($"{at}: table changed without a cause: {new SimulatedTable(Now, node.Name, table).ToText()}");
        if (node.CheckStepCause == "stop") return;
        var status = host.Engine.Snapshot().ToDictionary(v => v.Id, StringComparer.Ordinal);
        foreach (var vs in node.CheckSetup.VirtualServers)
        {
            if (vs.SorryServer is not { } sorry || !status.TryGetValue(vs.Id, out var st)) continue;
            foreach (var service in vs.Services)
            {
                bool sorryIn = table.Services.TryGetValue(service, out var entry)
                    && entry.Destinations.TryGetValue(sorry.Endpoint, out var d) && d.Weight > 0;
                if (sorryIn == st.QuorumUp)
                    _violations.Add($"{at}: {vs.Id} quorum {(st.QuorumUp ? "up" : "down")} but the sorry server is {(sorryIn ? "in" : "out of")} the table");
            }
        }
    }

    /// <summary>The probe port: each attempt is answered once, after the backend's delay, unless cancelled or the node went down.</summary>
    private sealed class SimProbes(ClusterSimulator sim, SimNode node) : IProbeRunner
    {
        private int _generation;

        public void Start(ProbeRequest request)
        {
            var (answer, after) = sim.Backends.Answer(request);
            int generation = _generation, incarnation = node.Incarnation;
            sim.At(sim.Now + after, () =>
            {
                if (generation != _generation || node.Incarnation != incarnation) return;
                sim.RunChecks(node, h => h.Handle(answer, sim.Now));
            });
        }

        public void CancelAll() => _generation++;
    }
}
