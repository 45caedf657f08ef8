using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Host;
using KeepalivedSharp.Host.Network;
using KeepalivedSharp.Host.Planning;
using KeepalivedSharp.Host.Vrrp;
using KeepalivedSharp.Linux.Vrrp;
using KeepalivedSharp.Notify.Logging;
using KeepalivedSharp.Notify.Notifications;
using KeepalivedSharp.Notify.Security;
using KeepalivedSharp.Wire.Ip;
using Microsoft.Extensions.Logging.Abstractions;

namespace KeepalivedSharp.Simulation.Cluster;

/// <summary>
/// Runs several nodes in virtual time on one simulated segment. Each running node is the daemon's
/// real host adapter (<see cref="VrrpHost"/>) with its real transport, codec, planner and address
/// mover, over in-memory ports: what the simulator shows is what the daemon does. Only the
/// segment (delay, loss, partitions) and the machines' tables are simulated. Deterministic:
/// events at the same instant run in the order they were scheduled, and loss draws come from a
/// seeded RNG.
/// </summary>
public sealed partial class ClusterSimulator
{
    private readonly Dictionary<string, SimNode> _nodes = new(StringComparer.Ordinal);
    private readonly List<SimNode> _order = [];
    private readonly Dictionary<(string, string), (TimeSpan Delay, double Loss)> _links = [];
    private readonly PriorityQueue<Action, (long Ticks, long Seq)> _queue = new();
    private readonly List<SimulatedTransition> _transitions = [];
    private readonly List<SimulatedEvent> _events = [];
    private readonly List<(TimeSpan, string)> _causes = [];
    private readonly Random _random;
    private readonly SimClock _clock;
    private readonly LogRateLimiter _limiter;
    private Dictionary<string, int>? _partition;
    private long _seq;

    public ClusterSimulator(int seed = 1)
    {
        _random = new Random(seed);
        _clock = new SimClock(this);
        _limiter = new LogRateLimiter(_clock);
    }

    public TimeSpan Now { get; private set; }
    public IReadOnlyList<SimulatedTransition> Transitions => _transitions;
    /// <summary>Announcements sent and notify scripts run, in time order.</summary>
    public IReadOnlyList<SimulatedEvent> Events => _events;
    /// <summary>External causes (scenario events) with their times: what may legitimately change state.</summary>
    public IReadOnlyList<(TimeSpan Time, string What)> Causes => _causes;
    public IReadOnlyList<SimNode> Nodes => _order;
    /// <summary>Adverts sent by every node, for the benchmark.</summary>
    public long AdvertsSent { get; private set; }
    public long AdvertsDelivered { get; private set; }
    /// <summary>Called for every action any node carries out, with the node's name (tests watch the wire through this).</summary>
    public Action<string, EngineAction>? Observer { get; set; }
    /// <summary>Whether a partition is in force now.</summary>
    public bool Partitioned => _partition is not null;

    public void AddNode(SimNode node)
    {
        _nodes.Add(node.Name, node);
        _order.Add(node);
        node.Network.Changed = (address, added) =>
        {
            AddressChanged(node, address, added);
            FeedAddress(node, address, added);
        };
    }

    public SimNode Node(string name) => _nodes[name];

    public void SetLink(string a, string b, TimeSpan delay, double loss)
    {
        _links[(a, b)] = (delay, loss);
        _links[(b, a)] = (delay, loss);
        LinkChanged(loss);
    }

    /// <summary>The largest one-way delay configured between any two nodes.</summary>
    public TimeSpan MaxLinkDelay => _links.Count == 0 ? TimeSpan.Zero : _links.Values.Max(l => l.Delay);

    /// <summary>Cuts the segment into sides; nodes not named form one more side.</summary>
    public void Partition(IEnumerable<IEnumerable<string>> sides)
    {
        _causes.Add((Now, "partition"));
        _partition = new(StringComparer.Ordinal);
        int k = 0;
        foreach (var side in sides)
        {
            foreach (var n in side) _partition[n] = k;
            k++;
        }
        foreach (var n in _order.Where(n => !_partition.ContainsKey(n.Name))) _partition[n.Name] = k;
        PartitionChanged();
    }

    public void Heal()
    {
        _causes.Add((Now, "heal"));
        _partition = null;
        PartitionChanged();
    }

    /// <summary>Schedules work at a virtual time (after everything already scheduled for that time).</summary>
    public void At(TimeSpan time, Action action) => _queue.Enqueue(action, (time.Ticks, _seq++));

    public void RunUntil(TimeSpan end)
    {
        while (_queue.TryPeek(out var action, out var key) && key.Ticks <= end.Ticks)
        {
            _queue.Dequeue();
            Now = new TimeSpan(key.Ticks);
            action();
        }
        Now = end;
    }

    // ---- node lifecycle ----

    public void Start(SimNode node)
    {
        if (node.Running) return;
        _causes.Add((Now, $"start {node.Name}"));
        node.Incarnation++;
        node.ArmedAt = null;
        node.StartedAt = Now;
        Boot(node);
        // The engine's start runs every vrrp_script (through the script port) and schedules the next runs.
        Run(node, h => h.Start(Now, node.DownInterfaces.Select(i => (i, false)),
            [.. node.ProcessQuorums.Select(p => new ProcessInput(p.Key, p.Value))]));
        BootChecks(node);
    }

    /// <summary>The daemon's host stack for one incarnation of the node, over the simulated machine and segment.</summary>
    private void Boot(SimNode node)
    {
        var inventory = new HostInventory(node.Network, node.Network);
        foreach (var v in HostPlanner.Vmacs(node.Setup, inventory))
        {
            if (inventory.Link(v.Name) is null) node.Network.CreateMacvlan(v.Name, v.ParentIndex, v.Mac);
        }
        var plans = HostPlanner.Plan(node.Setup, new HostInventory(node.Network, node.Network));
        var log = NullLogger.Instance;
        var transport = new VrrpTransport(plans, key => new SimSocket(key, (k, message, to, ttl) => Transmit(node, k, message, to, ttl)), log, _limiter);
        var (notify, _) = NotifierConfig.Build(node.Config, new ScriptSecurityPolicy(false, null, null));
        var host = new VrrpHost(node.Setup.CreateEngine(), plans, transport,
            new FirewalledNetwork(new HostObjectsMover(node.Network, node.Network, node.Network, log), node.Firewall, log),
            new Announcer(this, node), new Notifications(this, node, notify), log, _limiter, new Scripts(this, node));
        host.Observer = (a, _) => Observe(node, a);
        int incarnation = node.Incarnation;
        transport.StartReceiving(rx =>
        {
            if (node.Incarnation != incarnation || node.Host is not { } h) return;
            AdvertsDelivered++;
            h.Handle(new AdvertInput(rx), Now);
        });
        node.Transport = transport;
        node.Sockets = plans.GroupBy(p => p.Socket).ToDictionary(g => g.Key, g => g.First().Interface);
        node.Host = host;
    }

    /// <summary>kill -9 of the whole machine: no priority-0 advert; the addresses vanish with it.</summary>
    public void Crash(SimNode node)
    {
        if (!node.Running) return;
        _causes.Add((Now, $"crash {node.Name}"));
        node.Network.Reset();
        Down(node);
    }

    /// <summary>Graceful stop: priority 0 sent, addresses released.</summary>
    public void Stop(SimNode node)
    {
        if (!node.Running) return;
        _causes.Add((Now, $"stop {node.Name}"));
        Run(node, h => h.Stop(Now));
        RunChecks(node, h => h.Stop(Now), cause: "stop");
        Down(node);
    }

    private void Down(SimNode node)
    {
        node.Firewall.Release(); // at exit (firewall_fini), or with the machine
        node.Transport?.Dispose();
        node.Transport = null;
        node.Host = null;
        node.Checks = null;
        node.ChecksArmedAt = null;
        node.Incarnation++;
        CheckHostMatchesEngine(node);
    }

    /// <summary>The script's next runs end with <paramref name="ok"/>, or hang until the engine's timeout kills them.</summary>
    public void SetScriptOutcome(SimNode node, string script, bool ok, bool hang = false)
    {
        _causes.Add((Now, $"script {node.Name} {script} {(hang ? "hang" : ok ? "ok" : "fail")}"));
        node.ScriptOutcomes[script] = ok;
        if (hang) node.HungScripts.Add(script);
        else node.HungScripts.Remove(script);
    }

    public void SetLinkState(SimNode node, string iface, bool up)
    {
        _causes.Add((Now, $"link-{(up ? "up" : "down")} {node.Name} {iface}"));
        if (up) node.DownInterfaces.Remove(iface);
        else node.DownInterfaces.Add(iface);
        Run(node, h => h.Handle(new LinkInput(iface, up), Now));
    }

    public void SetFile(SimNode node, string name, long value)
    {
        _causes.Add((Now, $"file {node.Name} {name} {value}"));
        node.FileValues[name] = value;
        Run(node, h => h.Handle(new FileInput(name, value), Now));
        FeedFile(node, name, value);
    }

    /// <summary>What the node's process scan sees; the engine applies the tracker's fork and terminate delays.</summary>
    public void SetProcess(SimNode node, string name, bool quorum)
    {
        _causes.Add((Now, $"process {node.Name} {name} {(quorum ? "ok" : "fail")}"));
        node.ProcessQuorums[name] = quorum;
        Run(node, h => h.Handle(new ProcessInput(name, quorum), Now));
    }

    /// <summary>Who holds each VRID's addresses now, across the running nodes (read from their machines).</summary>
    public ImmutableArray<VipHolding> Holdings()
    {
        var seen = new List<(byte Vrid, AddressFamily Family, string Instance)>();
        foreach (var n in _order)
        {
            foreach (var s in n.Setup.Instances)
            {
                if (!seen.Exists(x => x.Vrid == s.VirtualRouterId && x.Family == s.Family))
                    seen.Add((s.VirtualRouterId, s.Family, s.Name));
            }
        }
        return [.. seen.Select(k => new VipHolding(Now, k.Instance, k.Vrid, k.Family,
            [.. _order.Where(n => n.Setup.Instances.Any(s => s.VirtualRouterId == k.Vrid && s.Family == k.Family && n.HeldInstances.Contains(s.Name)))
                      .Select(n => n.Name)]))];
    }

    // ---- plumbing ----

    /// <summary>Calls the node's host adapter (when running), then re-arms its timer if the earliest deadline moved.</summary>
    private void Run(SimNode node, Action<VrrpHost> call)
    {
        if (node.Host is not { } host) return;
        call(host);
        CheckHostMatchesEngine(node);
        Arm(node);
    }

    private void Arm(SimNode node)
    {
        if (node.Host is not { } host) return;
        var next = host.NextDeadline;
        if (next is null || next == node.ArmedAt) return;
        node.ArmedAt = next;
        int incarnation = node.Incarnation;
        var at = next.Value < Now ? Now : next.Value;
        At(at, () =>
        {
            if (node.Incarnation != incarnation || node.ArmedAt != next) return;
            node.ArmedAt = null;
            Run(node, h => h.Tick(Now));
        });
    }

    private void Observe(SimNode node, EngineAction action)
    {
        Observer?.Invoke(node.Name, action);
        switch (action)
        {
            case StateChanged sc:
                _transitions.Add(new SimulatedTransition(Now, node.Name, sc.Instance, sc.From, sc.To, sc.Priority, sc.Reason));
                break;
            case SendAdvert:
                AdvertsSent++;
                break;
        }
    }

    /// <summary>One datagram onto the segment: to every other running node's socket of that family that would receive it.</summary>
    private void Transmit(SimNode from, SocketKey key, byte[] message, IPAddress destination, int ttl)
    {
        if (from.Host is null || !from.Sockets.TryGetValue(key, out var iface) || from.DownInterfaces.Contains(iface)) return;
        var source = key.Source ?? (key.Family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any);
        bool multicast = destination.Equals(VrrpSocketOptions.GroupV4) || destination.Equals(VrrpSocketOptions.GroupV6);
        var datagram = key.Family == AddressFamily.InterNetworkV6 ? message : WithIpv4Header(message, source, destination, ttl);
        foreach (var to in _order)
        {
            if (to == from || to.Host is null) continue;
            if (_partition is not null && _partition[from.Name] != _partition[to.Name]) continue;
            var (delay, loss) = _links.TryGetValue((from.Name, to.Name), out var l) ? l : (TimeSpan.Zero, 0.0);
            foreach (var (socket, socketInterface) in to.Sockets)
            {
                if (socket.Family != key.Family) continue;
                if (multicast ? socket.Unicast : !destination.Equals(socket.Source)) continue;
                if (loss > 0 && _random.NextDouble() < loss) continue;
                Deliver(to, socket, socketInterface, datagram, source, destination, ttl, delay);
            }
        }
    }

    private static byte[] WithIpv4Header(byte[] message, IPAddress source, IPAddress destination, int ttl)
    {
        var d = new byte[20 + message.Length];
        Ipv4Header.Write(d, source, destination, IpProtocol.Vrrp, message.Length, ttl: (byte)ttl);
        message.CopyTo(d, 20);
        return d;
    }

    /// <summary>Schedules one delivery (its own method, so the closure is made per delivery, not per socket scanned).</summary>
    private void Deliver(SimNode to, SocketKey key, string iface, byte[] datagram, IPAddress source, IPAddress destination, int ttl, TimeSpan delay)
    {
        int incarnation = to.Incarnation;
        At(Now + delay, () =>
        {
            if (to.Incarnation != incarnation || to.DownInterfaces.Contains(iface) || to.Transport is not { } transport) return;
            var meta = new VrrpDatagram(datagram.Length, false, source, destination, key.InterfaceIndex, ttl, 0);
            Run(to, _ => transport.Accept(key, datagram, meta));
        });
    }

    /// <summary>The simulator's monotonic clock, for the host code's rate limiter.</summary>
    private sealed class SimClock(ClusterSimulator sim) : TimeProvider
    {
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => sim.Now.Ticks;
    }
}
