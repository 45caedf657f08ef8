using System.Net;
using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Host.Planning;
using KeepalivedSharp.Host.Ports;
using KeepalivedSharp.Notify.Logging;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Host.Vrrp;

/// <summary>
/// The VRRP host adapter: feeds inputs and the time to the engine and carries out its actions
/// through the ports (transport, network, announcer, notifications). Synchronous and clock-free:
/// the daemon's event loop and the simulator's virtual time drive the same code. One thread only.
/// </summary>
public sealed class VrrpHost
{
    private readonly Dictionary<string, InstancePlan> _plans;
    private readonly IVrrpTransport _transport;
    private readonly IHostNetwork _network;
    private readonly IAnnouncer _announcer;
    private readonly ILogger _log;
    private readonly LogRateLimiter _limiter;
    private readonly HashSet<string> _held = new(StringComparer.Ordinal);
    private readonly List<EngineAction> _actions = [];
    // Per watched link name: the ifindex it was last reported up with (absent: down, or not reported with an index).
    private readonly Dictionary<string, int> _linkIndex = new(StringComparer.Ordinal);
    // Links reported up under an index the plans are not bound to: the index a re-bind was asked for.
    private readonly Dictionary<string, int> _rebinding = new(StringComparer.Ordinal);

    public VrrpHost(VrrpEngine engine, IEnumerable<InstancePlan> plans, IVrrpTransport transport, IHostNetwork network,
        IAnnouncer announcer, INotificationSink notifications, ILogger log, LogRateLimiter limiter, IScriptRunner? scripts = null)
    {
        Scripts = scripts ?? NoScripts.Instance;
        Engine = engine;
        _plans = plans.ToDictionary(p => p.Name, StringComparer.Ordinal);
        _transport = transport;
        _network = network;
        _announcer = announcer;
        Notifications = notifications;
        _log = log;
        _limiter = limiter;
    }

    public VrrpEngine Engine { get; }

    /// <summary>Where notify requests go (swapped on reload).</summary>
    public INotificationSink Notifications { get; set; }

    /// <summary>Where vrrp_script runs go.</summary>
    public IScriptRunner Scripts { get; set; }

    /// <summary>Sees every action carried out, with its time (status, tests, the simulator's output).</summary>
    public Action<EngineAction, TimeSpan>? Observer { get; set; }

    public IReadOnlyDictionary<string, InstancePlan> Plans => _plans;

    /// <summary>
    /// Told, on this thread, that a watched interface is up under an ifindex the plans are not
    /// bound to (it was re-created): the daemon re-plans and applies through <see cref="PlanApplier"/>.
    /// Until then the interface counts as down for the engine (FAULT).
    /// </summary>
    public Action<string>? RebindNeeded { get; set; }

    /// <summary>Instances whose addresses are on the host (asked for and not released).</summary>
    public IReadOnlyCollection<string> HeldInstances => _held;

    /// <summary>The static addresses, routes and rules in force.</summary>
    public HostObjects Static { get; private set; } = HostObjects.Empty;

    /// <summary>The earliest time <see cref="Tick"/> has work: the engine's deadline (GARP/NA timing included).</summary>
    public TimeSpan? NextDeadline => Engine.NextDeadline;

    /// <summary>Starts the engine: down links and tracker readings taken before the start apply first (no transitions).</summary>
    public void Start(TimeSpan now, IEnumerable<(string Interface, bool Up)> links, IEnumerable<VrrpInput> initial)
    {
        foreach (var (name, up) in links)
        {
            if (!up) Step(now, (e, t, a) => e.InterfaceState(name, false, t, a));
        }
        foreach (var input in initial) Handle(input, now);
        Step(now, (e, t, a) => e.Start(t, a));
    }

    public void Handle(VrrpInput input, TimeSpan now)
    {
        switch (input)
        {
            case AdvertInput a:
                Step(now, (e, t, o) => e.Receive(a.Advert, t, o));
                break;
            case LinkInput l:
                Link(l, now);
                break;
            case ScriptInput s:
                Step(now, (e, t, o) => e.ScriptResult(s.Script, s.Success, t, o, s.Run));
                break;
            case FileInput f:
                Step(now, (e, t, o) => e.FileValue(f.Name, f.Value, t, o));
                break;
            case ProcessInput p:
                Step(now, (e, t, o) => e.ProcessQuorum(p.Name, p.Quorum, t, o));
                break;
            case AddressGoneInput g:
                AddressGone(g, now);
                break;
        }
    }

    /// <summary>
    /// A link's state. With its ifindex: a "down" about an index other than the one the plans are
    /// bound to, while that one is up, is about a link already replaced and is ignored; an "up"
    /// under another index is a re-created link, down for the engine until re-bound. keepalived
    /// re-reads the interface on RTM_NEWLINK (vrrp_netlink.c netlink_if_link_populate) likewise.
    /// </summary>
    private void Link(LinkInput l, TimeSpan now)
    {
        if (l.Index is { } index)
        {
            if (l.Up) _linkIndex[l.Interface] = index;
            else if (_linkIndex.TryGetValue(l.Interface, out var current) && current != index && !IsStale(l.Interface)) return;
            else _linkIndex.Remove(l.Interface);
        }
        else if (!l.Up)
        {
            _linkIndex.Remove(l.Interface);
        }
        bool up = l.Up && !CheckBinding(l.Interface);
        Step(now, (e, t, o) => e.InterfaceState(l.Interface, up, t, o));
    }

    /// <summary>Some plan on <paramref name="name"/> is bound to an index other than the one the link is up under.</summary>
    private bool IsStale(string name)
        => _linkIndex.TryGetValue(name, out var index) && _plans.Values.Any(p => p.Binding.Interface == name && p.Binding.Index != index);

    /// <summary>Whether <paramref name="name"/> is stale; asks for a re-bind once per new index, and logs when one completed.</summary>
    private bool CheckBinding(string name)
    {
        if (!IsStale(name))
        {
            if (_rebinding.Remove(name) && _linkIndex.TryGetValue(name, out var bound)) DaemonLog.InterfaceRebound(_log, name, bound);
            return false;
        }
        int index = _linkIndex[name];
        if (!_rebinding.TryGetValue(name, out var asked) || asked != index)
        {
            _rebinding[name] = index;
            var old = _plans.Values.First(p => p.Binding.Interface == name && p.Binding.Index != index).Binding.Index;
            DaemonLog.InterfaceRecreated(_log, name, old, index);
            RebindNeeded?.Invoke(name);
        }
        return true;
    }

    /// <summary>Runs the engine's due timers.</summary>
    public void Tick(TimeSpan now)
    {
        if (Engine.NextDeadline is { } due && due <= now) Step(now, (e, t, a) => e.Tick(t, a));
    }

    /// <summary>Graceful stop: masters send priority 0 and release their addresses.</summary>
    public void Stop(TimeSpan now) => Step(now, (e, t, a) => e.Stop(t, a));

    /// <summary>Calls the engine and carries out its actions (reload, and the inputs above).</summary>
    public void Step(TimeSpan now, Action<VrrpEngine, TimeSpan, List<EngineAction>> call)
    {
        _actions.Clear();
        call(Engine, now, _actions);
        for (int k = 0; k < _actions.Count; k++)
        {
            var a = _actions[k];
            Execute(a, now);
            Observer?.Invoke(a, now);
        }
        _actions.Clear();
    }

    private void Execute(EngineAction action, TimeSpan now)
    {
        switch (action)
        {
            case SendAdvert send:
                SendAdvert(send);
                break;
            case AddVirtualAddresses add:
                if (_plans.TryGetValue(add.Instance, out var ap) && _held.Add(add.Instance)) _network.Move(ap.Name, HostObjects.Empty, ap.Objects);
                break;
            case RemoveVirtualAddresses remove:
                if (_plans.TryGetValue(remove.Instance, out var rp) && _held.Remove(remove.Instance)) _network.Move(rp.Name, rp.Objects, HostObjects.Empty);
                break;
            case SendAnnouncement announce:
                if (_held.Contains(announce.Instance) && _plans.TryGetValue(announce.Instance, out var np)) _announcer.Announce(np, announce.Address);
                break;
            case StateChanged sc:
                // keepalived logs no state for an instance a reload removed (clear_diff_vrrp).
                if (sc.Reason == TransitionReason.Startup) DaemonLog.EnteringStateInit(_log, sc.Instance, sc.To.ToKeepalived());
                else if (sc.Reason != TransitionReason.Removed) DaemonLog.EnteringState(_log, sc.Instance, sc.To.ToKeepalived());
                break;
            case PriorityChanged pc:
                DaemonLog.PriorityChanged(_log, pc.Instance, pc.From, pc.To);
                break;
            case RunNotify n:
                if (n is { Kind: NotifyKind.Group, Scope: NotifyScope.Transition }) DaemonLog.GroupState(_log, n.Name, n.State.ToKeepalived());
                Notifications.Notify(n);
                break;
            case InstanceEvent e:
                Notifications.Notify(e);
                break;
            case AdvertDropped drop:
                LogDrop(drop);
                break;
            case RunScript run:
                Scripts.Run(run.Script, run.Run);
                break;
            case ScriptTimedOut timedOut:
                Scripts.Kill(timedOut.Script, timedOut.Run, timedOut.Timeout);
                break;
            case ScriptSkipped skipped:
                Scripts.Skipped(skipped.Script, skipped.TimingOut);
                break;
        }
    }

    private void SendAdvert(SendAdvert send)
    {
        try
        {
            _transport.Send(_plans[send.Instance].Socket, send);
        }
        catch (Exception e) when (e is Linux.Native.LinuxNativeException or IOException or System.Net.Sockets.SocketException or KeyNotFoundException)
        {
            // keepalived logs "send advert error" and carries on (vrrp.c vrrp_send_adv): the engine
            // has already scheduled the next advert, so a refused send costs this one only.
            long failures = _transport.Counters.CountSendError(send.Instance);
            if (!_limiter.TryAcquire($"send:{send.Instance}", out var suppressed)) return;
            if (suppressed > 0) DaemonLog.Suppressed(_log, suppressed);
            DaemonLog.SendFailed(_log, send.Instance, e.Message, failures);
        }
    }

    /// <summary>
    /// An address vanished from the host. A static one is put back (keepalived's
    /// reinstate_static_address); a VIP of an instance we hold makes the engine react as keepalived does.
    /// </summary>
    private void AddressGone(AddressGoneInput g, TimeSpan now)
    {
        if (Static.Addresses.FirstOrDefault(a => a.Address.Equals(g.Address) && a.InterfaceIndex == g.InterfaceIndex) is { } spec)
        {
            _network.Move("static", HostObjects.Empty, new HostObjects([spec], [], []));
            return;
        }
        if (HolderOf(g.Address, g.InterfaceIndex) is not { } instance) return;
        DaemonLog.VipDeleted(_log, g.Address, g.InterfaceName, instance);
        Step(now, (e, t, a) => e.VirtualAddressDeleted(instance, t, a));
    }

    private string? HolderOf(IPAddress address, int ifindex)
        => _held.FirstOrDefault(name => _plans[name].Addresses.Any(a => a.Address.Equals(address) && a.InterfaceIndex == ifindex));

    /// <summary>Moves the host from the current static plan to <paramref name="next"/>.</summary>
    public void ApplyStatic(HostObjects next)
    {
        _network.Move("static", Static, next);
        Static = next;
    }

    /// <summary>
    /// Reload, before the engine reconfigures: held instances that stay get their address, route
    /// and rule changes in place; every new plan replaces its old one. Plans of instances that are
    /// gone stay until <see cref="Forget"/>, so the engine's release still finds their addresses.
    /// A link that was down for the engine only because the plans were bound to its old index is
    /// reported up once they are bound to its current one.
    /// </summary>
    public void Replan(IEnumerable<InstancePlan> plans, TimeSpan now)
    {
        foreach (var p in plans)
        {
            if (_plans.TryGetValue(p.Name, out var old) && _held.Contains(p.Name)) _network.Move(p.Name, old.Objects, p.Objects);
            _plans[p.Name] = p;
        }
        foreach (var name in _rebinding.Keys.ToList())
        {
            if (!CheckBinding(name)) Step(now, (e, t, o) => e.InterfaceState(name, true, t, o));
        }
    }

    /// <summary>Drops the plans of instances that are no longer configured.</summary>
    public void Forget(IEnumerable<string> names)
    {
        foreach (var n in names)
        {
            _plans.Remove(n);
            _held.Remove(n);
        }
    }

    /// <summary>log_unknown_vrids (vrrp_scheduler.c): without it an advert for a VRID we do not run is dropped silently.</summary>
    public bool LogUnknownVrids { get; set; }

    private void LogDrop(AdvertDropped drop)
    {
        if (drop.Instance is null && !LogUnknownVrids) return;
        string key = drop.Instance is null ? $"unknown:{drop.Source}" : $"drop:{drop.Instance}:{drop.Reason}";
        if (!_limiter.TryAcquire(key, out var suppressed)) return;
        if (suppressed > 0) DaemonLog.Suppressed(_log, suppressed);
        if (drop.Instance is null) DaemonLog.UnknownVrid(_log, drop.Vrid, drop.Interface, drop.Source);
        else DaemonLog.AdvertDropped(_log, drop.Instance, drop.Source, drop.Reason.ToString(), drop.Detail);
    }
}

/// <summary>No vrrp_scripts: runs are not started (their results never come).</summary>
internal sealed class NoScripts : IScriptRunner
{
    public static readonly NoScripts Instance = new();

    public void Run(string script, long run) { }

    public void Kill(string script, long run, TimeSpan timeout) { }

    public void Skipped(string script, bool timingOut) { }
}
