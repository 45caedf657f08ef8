using System.Collections.Immutable;
using System.Net.Sockets;
using KeepalivedSharp.Core.Vrrp;

namespace KeepalivedSharp.Simulation.Cluster;

/// <summary>
/// Runs several nodes' engines in virtual time on one simulated segment. Deterministic: events at
/// the same instant run in the order they were scheduled, and loss draws come from a seeded RNG.
/// </summary>
public sealed class ClusterSimulator
{
    private readonly Dictionary<string, SimNode> _nodes = new(StringComparer.Ordinal);
    private readonly List<SimNode> _order = [];
    private readonly Dictionary<(string, string), (TimeSpan Delay, double Loss)> _links = [];
    private readonly PriorityQueue<Action, (long Ticks, long Seq)> _queue = new();
    private readonly List<SimulatedTransition> _transitions = [];
    private readonly List<EngineAction> _actions = [];
    private readonly List<(TimeSpan, string)> _causes = [];
    private readonly Random _random;
    private Dictionary<string, int>? _partition;
    private long _seq;

    public ClusterSimulator(int seed = 1) => _random = new Random(seed);

    public TimeSpan Now { get; private set; }
    public IReadOnlyList<SimulatedTransition> Transitions => _transitions;
    /// <summary>External causes (scenario events) with their times: what may legitimately change state.</summary>
    public IReadOnlyList<(TimeSpan Time, string What)> Causes => _causes;
    public IReadOnlyList<SimNode> Nodes => _order;
    /// <summary>Adverts sent by every node, for the benchmark.</summary>
    public long AdvertsSent { get; private set; }
    public long AdvertsDelivered { get; private set; }
    /// <summary>Called for every action any node emits, with the node's name (tests watch the wire through this).</summary>
    public Action<string, EngineAction>? Observer { get; set; }

    public void AddNode(SimNode node)
    {
        _nodes.Add(node.Name, node);
        _order.Add(node);
    }

    public SimNode Node(string name) => _nodes[name];

    public void SetLink(string a, string b, TimeSpan delay, double loss)
    {
        _links[(a, b)] = (delay, loss);
        _links[(b, a)] = (delay, loss);
    }

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
    }

    public void Heal()
    {
        _causes.Add((Now, "heal"));
        _partition = null;
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
        node.Engine = node.Setup.CreateEngine();
        node.HeldInstances.Clear();
        Run(node, e => e.Start(Now, _actions));
        foreach (var iface in node.DownInterfaces)
            Run(node, e => e.InterfaceState(iface, false, Now, _actions));
        int incarnation = node.Incarnation;
        foreach (var (script, interval) in node.ScriptIntervals)
            ScheduleScript(node, script, interval, incarnation, Now);
    }

    /// <summary>kill -9: no priority-0 advert; the addresses vanish with the machine.</summary>
    public void Crash(SimNode node)
    {
        if (!node.Running) return;
        _causes.Add((Now, $"crash {node.Name}"));
        node.Engine = null;
        node.Incarnation++;
        node.HeldInstances.Clear();
    }

    /// <summary>Graceful stop: priority 0 sent, addresses released.</summary>
    public void Stop(SimNode node)
    {
        if (!node.Running) return;
        _causes.Add((Now, $"stop {node.Name}"));
        Run(node, e => e.Stop(Now, _actions));
        node.Engine = null;
        node.Incarnation++;
    }

    public void SetScriptOutcome(SimNode node, string script, bool ok)
    {
        _causes.Add((Now, $"script {node.Name} {script} {(ok ? "ok" : "fail")}"));
        node.ScriptOutcomes[script] = ok;
    }

    public void SetLinkState(SimNode node, string iface, bool up)
    {
        _causes.Add((Now, $"link-{(up ? "up" : "down")} {node.Name} {iface}"));
        if (up) node.DownInterfaces.Remove(iface);
        else node.DownInterfaces.Add(iface);
        if (node.Running) Run(node, e => e.InterfaceState(iface, up, Now, _actions));
    }

    public void SetFile(SimNode node, string name, long value)
    {
        if (node.Running) Run(node, e => e.FileValue(name, value, Now, _actions));
    }

    public void SetProcess(SimNode node, string name, bool quorum)
    {
        if (node.Running) Run(node, e => e.ProcessQuorum(name, quorum, Now, _actions));
    }

    /// <summary>Who holds each VRID's addresses now, across the running nodes.</summary>
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

    private void Run(SimNode node, Action<VrrpEngine> call)
    {
        var engine = node.Engine;
        if (engine is null) return;
        _actions.Clear();
        call(engine);
        var batch = _actions.ToArray();
        _actions.Clear();
        foreach (var a in batch) Apply(node, a);
    }

    private void Apply(SimNode node, EngineAction action)
    {
        Observer?.Invoke(node.Name, action);
        switch (action)
        {
            case StateChanged sc:
                _transitions.Add(new SimulatedTransition(Now, node.Name, sc.Instance, sc.From, sc.To, sc.Priority, sc.Reason));
                break;
            case AddVirtualAddresses add:
                node.HeldInstances.Add(add.Instance);
                break;
            case RemoveVirtualAddresses rem:
                node.HeldInstances.Remove(rem.Instance);
                break;
            case SendAdvert send:
                AdvertsSent++;
                Transmit(node, send);
                break;
            case ArmTimer arm:
                long generation = ++node.TimerGeneration;
                int incarnation = node.Incarnation;
                Schedule(arm.At < Now ? Now : arm.At, () =>
                {
                    if (node.Incarnation == incarnation && node.TimerGeneration == generation)
                        Run(node, e => e.Tick(Now, _actions));
                });
                break;
        }
    }

    private void Transmit(SimNode from, SendAdvert send)
    {
        if (from.DownInterfaces.Contains(send.Interface)) return;
        foreach (var to in _order)
        {
            if (to == from || !to.Running) continue;
            if (_partition is not null && _partition[from.Name] != _partition[to.Name]) continue;
            foreach (var target in to.Setup.Instances)
            {
                if (target.VirtualRouterId != send.Advert.VirtualRouterId || target.Family != send.Advert.Family) continue;
                bool unicast = !send.UnicastPeers.IsDefaultOrEmpty;
                if (unicast && !send.UnicastPeers.Contains(target.SourceAddress)) continue;
                var (delay, loss) = _links.TryGetValue((from.Name, to.Name), out var l) ? l : (TimeSpan.Zero, 0.0);
                if (loss > 0 && _random.NextDouble() < loss) continue;
                Deliver(to, new ReceivedAdvert(target.Interface, send.Source, !unicast, send.Advert), delay);
            }
        }
    }

    /// <summary>Schedules one delivery (its own method, so the closure is made per delivery, not per instance scanned).</summary>
    private void Deliver(SimNode to, ReceivedAdvert rx, TimeSpan delay)
    {
        int incarnation = to.Incarnation;
        Schedule(Now + delay, () =>
        {
            if (to.Incarnation != incarnation || to.DownInterfaces.Contains(rx.Interface)) return;
            AdvertsDelivered++;
            Run(to, e => e.Receive(rx, Now, _actions));
        });
    }

    private void ScheduleScript(SimNode node, string script, TimeSpan interval, int incarnation, TimeSpan at)
    {
        Schedule(at, () =>
        {
            if (node.Incarnation != incarnation) return;
            bool ok = !node.ScriptOutcomes.TryGetValue(script, out var o) || o;
            Run(node, e => e.ScriptResult(script, ok, Now, _actions));
            ScheduleScript(node, script, interval, incarnation, Now + interval);
        });
    }

    private void Schedule(TimeSpan at, Action action) => At(at, action);
}
