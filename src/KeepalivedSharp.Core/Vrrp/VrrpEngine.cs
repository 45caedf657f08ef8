using System.Collections.Immutable;
using System.Net.Sockets;
using KeepalivedSharp.Core.Timing;
using KeepalivedSharp.Core.Tracking;

namespace KeepalivedSharp.Core.Vrrp;

/// <summary>
/// The VRRP protocol engine of one node: every instance and sync group it runs. Inputs and the
/// monotonic time go in; actions come out in the caller's list. No I/O, no threads, no clock reads,
/// so a whole cluster can run in virtual time. Not thread-safe: one event loop owns it.
/// Behaviour follows RFC 5798 §6.4 and keepalived 2.2.7 (vrrp.c, vrrp_scheduler.c, vrrp_sync.c).
/// </summary>
public sealed partial class VrrpEngine
{
    private readonly List<InstanceRuntime> _instances = [];
    private readonly Dictionary<string, InstanceRuntime> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Interface, AddressFamily Family, byte Vrid), InstanceRuntime> _byKey = [];
    private readonly List<SyncGroupRuntime> _groups = [];
    private readonly TrackerStates _trackers;
    /// <summary>Every instance's and announcement lane's earliest deadline: no scan per input.</summary>
    private readonly DeadlineHeap _heap = new();
    private readonly Dictionary<(string Interface, AddressFamily Family), AnnounceLane> _lanes = [];
    /// <summary>The deadline of the last ArmTimer emitted (the host's timer), or null.</summary>
    private TimeSpan? _armed;
    private List<EngineAction> _out = [];
    private TimeSpan _now;
    private TimeSpan? _delayedStart;
    private bool _running;

    public VrrpEngine(IEnumerable<InstanceSettings> instances, IEnumerable<SyncGroupSettings>? groups = null, IEnumerable<ScriptSettings>? scripts = null,
        IEnumerable<ProcessSettings>? processes = null)
    {
        _trackers = new TrackerStates(scripts ?? []);
        BuildTrackers(scripts ?? [], processes ?? []);
        Build([.. instances.Select(s => new InstanceRuntime(s))], groups ?? []);
    }

    private void Build(List<InstanceRuntime> instances, IEnumerable<SyncGroupSettings> groups)
    {
        var byName = new Dictionary<string, InstanceRuntime>(StringComparer.Ordinal);
        var byKey = new Dictionary<(string, AddressFamily, byte), InstanceRuntime>();
        foreach (var rt in instances)
        {
            var s = rt.Settings;
            if (!byName.TryAdd(s.Name, rt))
                throw new ArgumentException($"duplicate instance name '{s.Name}'", nameof(instances));
            if (!byKey.TryAdd((s.Interface, s.Family, s.VirtualRouterId), rt))
                throw new ArgumentException($"duplicate VRID {s.VirtualRouterId} on {s.Interface}", nameof(instances));
        }
        var oldGroups = _groups.ToDictionary(g => g.Name, StringComparer.Ordinal);
        _instances.Clear();
        _instances.AddRange(instances);
        _byName.Clear();
        foreach (var (k, v) in byName) _byName.Add(k, v);
        _byKey.Clear();
        foreach (var (k, v) in byKey) _byKey.Add(k, v);
        _heap.Clear();
        for (int k = 0; k < instances.Count; k++)
        {
            instances[k].Order = k;
            _heap.Add(instances[k]);
        }
        // Lanes order after every instance (their Order counts down from int.MaxValue).
        foreach (var l in _lanes.Values) _heap.Add(l);
        AddTrackersToHeap();
        _groups.Clear();
        foreach (var i in instances) i.Group = null;
        foreach (var g in groups)
        {
            var grt = new SyncGroupRuntime(g);
            foreach (var m in g.Members)
            {
                if (_byName.TryGetValue(m, out var rt) && rt.Group is null)
                {
                    rt.Group = grt;
                    grt.Members.Add(rt);
                }
            }
            // A group that survives a reload keeps its state.
            if (oldGroups.TryGetValue(g.Name, out var old)) grt.State = old.State;
            if (grt.Members.Count > 0) _groups.Add(grt);
        }
    }

    /// <summary>
    /// Reload (SIGHUP) with a new, already checked configuration. An instance that keeps its name,
    /// interface, family, VRID and version keeps its state and timers: no transition, no gap in
    /// adverts; new settings (priority, VIPs, trackers, timers) apply in place. New instances start
    /// as keepalived starts them. A removed instance that was MASTER sends priority 0 and releases
    /// its addresses, and is reported FAULT, or DELETED with notify_deleted (<see cref="Removed"/>).
    /// With <see cref="FifoWriteStatesOnReload"/> the kept ones' unchanged states go to the FIFO again. Every vrrp_script's schedule restarts (each runs at once; a result of a run
    /// from before is ignored); <paramref name="processes"/> null keeps the current process
    /// trackers. Returns the names of the instances that were kept.
    /// </summary>
    public IReadOnlyList<string> Reconfigure(IEnumerable<InstanceSettings> instances, IEnumerable<SyncGroupSettings> groups,
        IEnumerable<ScriptSettings> scripts, TimeSpan now, List<EngineAction> output, IEnumerable<ProcessSettings>? processes = null)
    {
        Begin(now, output);
        var kept = new List<string>();
        var next = new List<InstanceRuntime>();
        var fresh = new List<InstanceRuntime>();
        foreach (var s in instances)
        {
            if (_byName.TryGetValue(s.Name, out var old) && SameIdentity(old.Settings, s))
            {
                old.Settings = s;
                old.BasePriority = s.Priority;
                old.HeardMaster = null;
                if (old.State != VrrpState.Master) old.MasterAdverInterval = s.AdvertInterval;
                kept.Add(s.Name);
                next.Add(old);
            }
            else
            {
                var rt = new InstanceRuntime(s);
                fresh.Add(rt);
                next.Add(rt);
            }
        }
        foreach (var gone in _instances.Where(i => !next.Contains(i)))
        {
            if (gone.State == VrrpState.Master)
            {
                SendAdvert(gone, 0);
                gone.Counters.PriorityZeroSent++;
            }
            if (gone.VipSet) ReleaseAddresses(gone);
            ClearTimers(gone);
            Removed(gone);
        }
        var scriptList = scripts.ToList();
        _trackers.ReplaceScripts(scriptList);
        BuildTrackers(scriptList, processes?.ToList() ?? [.. _processes.Values.Select(p => p.Settings)]);
        int mark = _out.Count;
        var keptGroups = _groups.Select(g => g.Name).ToHashSet(StringComparer.Ordinal);
        Build(next, groups);
        if (_running)
        {
            _reloading = true;
            try
            {
                foreach (var rt in fresh) ApplyVerdict(rt, Evaluate(rt));
                // A new instance's line comes before its first state, as at start.
                ReloadPriorityLines(fresh);
                foreach (var rt in fresh) InitState(rt);
                ReevaluateAll();
            }
            finally
            {
                _reloading = false;
            }
            ReloadPriorityLines([.. next.Except(fresh)]);
            StartScripts();
            if (FifoWriteStatesOnReload) WriteStatesAgain(mark, keptGroups, kept);
        }
        End();
        return kept;
    }

    private bool _reloading;

    /// <summary>
    /// keepalived rebuilds every instance at a reload with its configured priority, then initialise_tracking_priorities
    /// changes it (vrrp_set_effective_priority) while the state is still INIT: with notify_priority_changes each one whose
    /// trackers hold it off its priority gets a BACKUP_PRIORITY line, even a MASTER and even when nothing changed.
    /// </summary>
    private void ReloadPriorityLines(List<InstanceRuntime> instances)
    {
        foreach (var i in instances)
        {
            if (i.Settings.NotifyPriorityChanges && !i.Settings.IsOwner && i.EffectivePriority != i.Settings.Priority)
                _out.Add(new InstanceEvent(i.Name, NotifyEvent.BackupPriority, i.EffectivePriority));
        }
    }

    /// <summary>fifo_write_vrrp_states_on_reload (global_defs), read at each reload.</summary>
    public bool FifoWriteStatesOnReload { get; set; }

    /// <summary>
    /// keepalived's vrrp_init_state at reload: a kept group or instance that got no notification of its own is
    /// written to the FIFO again, groups first. A MASTER instance is not (it takes the reload_master path there).
    /// </summary>
    private void WriteStatesAgain(int mark, HashSet<string> keptGroups, List<string> kept)
    {
        var notified = new HashSet<(NotifyKind, string)>();
        for (int k = mark; k < _out.Count; k++)
        {
            if (_out[k] is RunNotify n) notified.Add((n.Kind, n.Name));
        }
        foreach (var g in _groups)
        {
            if (keptGroups.Contains(g.Name) && g.State != VrrpState.Init && !notified.Contains((NotifyKind.Group, g.Name)))
                _out.Add(new RunNotify(NotifyKind.Group, g.Name, g.State, 0, NotifyScope.FifoOnly));
        }
        foreach (var name in kept)
        {
            var i = _byName[name];
            if (i.State is VrrpState.Backup or VrrpState.Fault && !notified.Contains((NotifyKind.Instance, name)))
                _out.Add(new RunNotify(NotifyKind.Instance, name, i.State, i.EffectivePriority, NotifyScope.FifoOnly));
        }
    }

    private static bool SameIdentity(InstanceSettings a, InstanceSettings b)
        => a.Interface == b.Interface && a.Family == b.Family && a.VirtualRouterId == b.VirtualRouterId && a.Version == b.Version;

    /// <summary>Adverts whose VRID matched no instance on the interface.</summary>
    public long UnknownVirtualRouterDrops { get; private set; }

    public bool Running => _running;

    /// <summary>The earliest pending deadline, or null when nothing is armed. O(1).</summary>
    public TimeSpan? NextDeadline
    {
        get
        {
            _heap.Flush();
            return _heap.Earliest;
        }
    }

    /// <summary>
    /// vrrp_startup_delay, read by <see cref="Start"/> only (not on reload): until start + delay a BACKUP's down timer
    /// runs from that moment, not from now (keepalived vrrp_daemon.c start_vrrp, vrrp_scheduler.c vrrp_init_instance_sands).
    /// </summary>
    public TimeSpan StartupDelay { get; set; }

    /// <summary>Starts every instance (keepalived's vrrp_init_state).</summary>
    public void Start(TimeSpan now, List<EngineAction> output)
    {
        Begin(now, output);
        _running = true;
        _delayedStart = StartupDelay > TimeSpan.Zero ? now + StartupDelay : null;
        foreach (var i in _instances) ApplyVerdict(i, Evaluate(i));
        foreach (var g in _groups)
        {
            bool allOwners = g.Members.TrueForAll(m => m.WantState == VrrpState.Master && m.Settings.IsOwner);
            g.State = g.AnyMemberFault ? VrrpState.Fault : allOwners ? VrrpState.Master : VrrpState.Backup;
        }
        foreach (var i in _instances) InitState(i);
        foreach (var g in _groups)
        {
            if (g.State is VrrpState.Fault or VrrpState.Backup)
                _out.Add(new RunNotify(NotifyKind.Group, g.Name, g.State, 0));
        }
        StartScripts();
        End();
    }

    /// <summary>Handles one advert that passed the wire codec's structural checks.</summary>
    public void Receive(ReceivedAdvert rx, TimeSpan now, List<EngineAction> output)
    {
        Begin(now, output);
        if (_running) Dispatch(rx);
        End();
    }

    /// <summary>Fires every timer that is due at <paramref name="now"/>; only the due ones are visited.</summary>
    public void Tick(TimeSpan now, List<EngineAction> output)
    {
        Begin(now, output);
        // The host's timer has fired: arm it again whatever the next deadline is.
        _armed = null;
        if (_running)
        {
            // A handler may move others (sync groups); every fired deadline moves past now, and the
            // guard only stops a bug from spinning the loop.
            for (int guard = 0; guard < 4 * _heap.Count + 4; guard++)
            {
                _heap.Flush();
                if (_heap.First is not { } due || _heap.Earliest > now) break;
                switch (due)
                {
                    case InstanceRuntime i: FireTimers(i); break;
                    case AnnounceLane l: FireLane(l); break;
                    case ScriptSchedule s: FireScript(s); break;
                    case ProcessDelay p: FireProcess(p); break;
                }
            }
        }
        End();
    }

    /// <summary>An interface's link state changed (tracked or an instance's own).</summary>
    public void InterfaceState(string name, bool up, TimeSpan now, List<EngineAction> output)
    {
        Begin(now, output);
        if (_trackers.SetInterface(name, up) && _running) ReevaluateAll();
        End();
    }

    /// <summary>A track_file's value changed.</summary>
    public void FileValue(string name, long value, TimeSpan now, List<EngineAction> output)
    {
        Begin(now, output);
        if (_trackers.SetFile(name, value) && _running) ReevaluateAll();
        End();
    }

    /// <summary>
    /// One of a MASTER's virtual addresses was removed behind our back. As keepalived does, the
    /// instance (and its sync group) sends priority 0, steps down to BACKUP and arms its down timer
    /// to Skew_Time, so a quick re-election puts the addresses back on whoever wins.
    /// </summary>
    public void VirtualAddressDeleted(string instance, TimeSpan now, List<EngineAction> output)
    {
        Begin(now, output);
        if (_running && _byName.TryGetValue(instance, out var i) && i.State == VrrpState.Master)
        {
            var members = i.Group is null ? [i] : i.Group.Members.Where(m => m.State == VrrpState.Master).ToList();
            foreach (var m in members)
            {
                m.WantState = VrrpState.Backup;
                LeaveMaster(m, sendPriorityZero: true, m == i ? TransitionReason.AddressDeleted : TransitionReason.SyncGroup);
                m.MasterDownTimer = m.SkewTime;
                m.Sands = BackupSands(m);
            }
            if (i.Group is not null) SetGroupState(i.Group, VrrpState.Backup);
        }
        End();
    }

    /// <summary>
    /// Graceful stop: a MASTER sends priority 0 and releases its addresses (RFC 5798 §6.4.3
    /// "Shutdown"), then every instance enters STOP.
    /// </summary>
    public void Stop(TimeSpan now, List<EngineAction> output)
    {
        Begin(now, output);
        if (_running)
        {
            foreach (var i in _instances)
            {
                if (i.State == VrrpState.Master)
                {
                    SendAdvert(i, 0);
                    i.Counters.PriorityZeroSent++;
                }
                if (i.VipSet) ReleaseAddresses(i);
                ClearTimers(i);
                SetState(i, VrrpState.Stop, TransitionReason.Shutdown);
            }
            foreach (var g in _groups) SetGroupState(g, VrrpState.Stop);
            foreach (var l in _lanes.Values) l.Clear();
            StopTrackers();
            _running = false;
        }
        End();
    }

    /// <summary>A point-in-time view of every instance, for status, dumps and the simulator.</summary>
    public ImmutableArray<InstanceStatus> Snapshot()
    {
        var b = ImmutableArray.CreateBuilder<InstanceStatus>(_instances.Count);
        foreach (var i in _instances)
        {
            b.Add(new InstanceStatus(i.Name, i.Settings.Interface, i.Settings.VirtualRouterId, i.Settings.Family, i.Version,
                i.State, i.WantState, i.Settings.Priority, i.EffectivePriority, i.MasterAddress, i.MasterPriority,
                i.MasterAdverInterval, i.VipSet, i.LastTransition, i.FaultCause, i.Group?.Name, i.Counters.Copy()) { ExtraIfGarpAt = i.ExtraIfGarpAt });
        }
        return b.MoveToImmutable();
    }

    /// <summary>The sync groups' states.</summary>
    public ImmutableArray<(string Name, VrrpState State)> GroupSnapshot()
        => [.. _groups.Select(g => (g.Name, g.State))];

    /// <summary>Clears every instance's counters (keepalived's stats-clear signal).</summary>
    public void ClearCounters()
    {
        foreach (var i in _instances) i.Counters.Clear();
        UnknownVirtualRouterDrops = 0;
    }

    /// <summary>Counts a structural (wire-level) error against the instance it was addressed to, if any.</summary>
    public void CountWireError(string iface, AddressFamily family, byte vrid, Action<InstanceCounters> count)
    {
        if (_byKey.TryGetValue((iface, family, vrid), out var i)) count(i.Counters);
    }

    private void Begin(TimeSpan now, List<EngineAction> output)
    {
        _now = now;
        _out = output;
    }

    private void End()
    {
        var next = NextDeadline;
        if (next == _armed) return;
        _armed = next;
        if (next is { } at) _out.Add(new ArmTimer(at));
    }

    private TrackerVerdict Evaluate(InstanceRuntime i)
    {
        var v = TrackerPolicy.Evaluate(i.BasePriority, i.Settings.Interface, !i.Settings.DontTrackPrimary, i.Settings.Trackers, _trackers);
        // keepalived counts it in num_config_faults: no tracker can lift it.
        return i.Settings.ConfigFault is { } cause ? v with { Fault = true, FaultCause = cause } : v;
    }

    private static TimeSpan MinimumSkew(InstanceRuntime i) => VrrpTimers.MinimumSkew(i.Version, i.MasterAdverInterval);
}

/// <summary>One instance's state as the engine sees it.</summary>
public sealed record InstanceStatus(
    string Name, string Interface, byte VirtualRouterId, AddressFamily Family, int Version,
    VrrpState State, VrrpState WantState, int Priority, int EffectivePriority,
    System.Net.IPAddress? MasterAddress, int MasterPriority, TimeSpan MasterAdverInterval,
    bool HoldsAddresses, TimeSpan LastTransition, string? FaultCause, string? SyncGroup, InstanceCounters Counters)
{
    /// <summary>garp_extra_if's next refresh (monotonic); null before the first MASTER.</summary>
    public TimeSpan? ExtraIfGarpAt { get; init; }
}
