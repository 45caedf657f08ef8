using System.Collections.Immutable;
using KeepalivedSharp.Settings;
using KeepalivedSharp.Config;
using KeepalivedSharp.Core.Tracking;
using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Host.Announcements;
using KeepalivedSharp.Host.LoadBalancer;
using KeepalivedSharp.Host.Loop;
using KeepalivedSharp.Host.Network;
using KeepalivedSharp.Host.Planning;
using KeepalivedSharp.Host.Ports;
using KeepalivedSharp.Host.Trackers;
using KeepalivedSharp.Host.Vrrp;
using KeepalivedSharp.Linux.Packet;
using KeepalivedSharp.Linux.RtNetlink;
using KeepalivedSharp.Linux.Vrrp;
using KeepalivedSharp.Notify.Logging;
using KeepalivedSharp.Notify.Notifications;
using KeepalivedSharp.Notify.Security;
using KeepalivedSharp.Notify.Tracking;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Host.Daemon;

/// <summary>
/// The composition root of a running node: the engine, the event loop, the VRRP sockets,
/// rtnetlink, packet sockets, the link monitor, script tracking and notifications, built from one
/// checked config, and rebuilt in place on reload.
/// </summary>
public sealed class VrrpDaemon : IDisposable
{
    /// <summary>Everything derived from one config against this host.</summary>
    private sealed record Plan(
        KeepalivedConfig Config,
        EngineSetup Setup,
        ImmutableArray<InstancePlan> Instances,
        ImmutableArray<TrackedScript> Scripts,
        NotifierSettings Notify,
        ImmutableHashSet<string> Watched,
        HostObjects Static);

    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly RtNetlinkClient _netlink;
    private readonly VrrpTransport _transport;
    private readonly QueuedHostNetwork _network;
    private readonly NftVipFirewall _firewall;
    private readonly HostAddressLedger _ledger = new();
    private readonly LinkResync _links;
    private readonly PacketAnnouncer _announcer;
    private readonly VrrpHost _host;
    private readonly PlanApplier _applier;
    private readonly EventLoop<VrrpInput> _loop;
    private readonly NotifierSink _sink;
    private readonly LinkMonitor _monitor;
    private readonly Thread _monitorThread;
    private readonly Dictionary<int, string> _names;
    private readonly HashSet<string> _vmacs = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _reloadGate = new(1, 1);
    private readonly ScriptRunner _scripts;
    private readonly InstanceSyncDaemon _sync;
    private HostTrackers _trackers;
    private Notifier _notifier;
    private Plan _plan;
    private volatile ImmutableHashSet<string> _watched;
    private volatile bool _stopping;

    /// <param name="syncDaemons">Opens the IPVS sync daemons for lvs_sync_daemon with an instance (null: none here), when first needed.</param>
    public VrrpDaemon(KeepalivedConfig config, ILogger log, TimeProvider time, Func<ISyncDaemons?>? syncDaemons = null)
    {
        _log = log;
        _time = time;
        _sync = new InstanceSyncDaemon(syncDaemons ?? (() => null));
        _netlink = new RtNetlinkClient();
        try
        {
            _plan = Prepare(config);
            var limiter = new LogRateLimiter(time);
            // The loop reads the VRRP sockets itself (one epoll wait for sockets, timers and inputs).
            _loop = new EventLoop<VrrpInput>("vrrp", new Handler(this), i => i.CoalesceKey, time, log, readCoalescing: ReadCoalescing);
            _transport = new VrrpTransport(_plan.Instances,
                key => VrrpSocket.Open(new VrrpSocketOptions(key.Family, key.InterfaceIndex, key.Source, key.Unicast, McastGroup: key.Group)),
                log, limiter, _loop);
            _notifier = new Notifier(_plan.Notify, log, time);
            _sink = new NotifierSink(_notifier);
            // Accept mode's drop rules go in and out with the addresses, on the network worker (libnftables opened when first needed).
            _firewall = new NftVipFirewall(NftVipOptions.From(config.Global));
            if (config.Global.VrrpNftTable is null && _plan.Instances.Any(p => p.DropsAddressTraffic)) DaemonLog.FirewallDefaulted(log);
            _network = new QueuedHostNetwork(new FirewalledNetwork(
                new HostObjectsMover(_netlink, _netlink, _netlink, log, _ledger, f => _links?.OnFailure(f)), _firewall, log), log);
            _announcer = new PacketAnnouncer(PacketSender.Open, log);
            _scripts = new ScriptRunner(_plan.Scripts, r => _loop.Post(new ScriptInput(r.Name, r.Success, r.Run)), log, time);
            _host = new VrrpHost(_plan.Setup.CreateEngine(), _plan.Instances, _transport, _network, _announcer, _sink, log, limiter,
                new ScriptRunnerSink(_scripts));
            _applier = new PlanApplier(_transport, _host, work => _loop.InvokeAsync(() => work(_loop.Now)));
            _host.RebindNeeded = name => _ = Task.Run(() => RebindAsync(name));
            _host.Observer = (action, _) => _sync.Observe(action);
            _host.LogUnknownVrids = config.Global.LogUnknownVrids;
            // At daemon start only: a reload keeps this engine, whose Start has run.
            if (config.Global.VrrpStartupDelay is { } delay && delay > TimeSpan.Zero)
            {
                _host.Engine.StartupDelay = delay;
                DaemonLog.DelayingStartup(log, delay.TotalSeconds);
            }
            _trackers = new HostTrackers(config, _loop.Post, log, time);
            _monitor = LinkMonitor.Open();
            _watched = _plan.Watched;
            _links = new LinkResync(((ILinkManager)_netlink).List, () => _watched, _loop.Post, log, _ledger);
            _names = _netlink.List().ToDictionary(l => l.Index, l => l.Name);
            _monitorThread = new Thread(MonitorLoop) { Name = "netlink-monitor", IsBackground = true };
        }
        catch
        {
            foreach (var v in _vmacs) TryDeleteLink(v);
            _netlink.Dispose();
            throw;
        }
    }

    /// <summary>
    /// How long the loop lets adverts gather after a socket turns readable, before reading them all
    /// in one pass (never past a timer). 1 ms: at 10,000 adverts/s one wake-up per millisecond
    /// instead of one per advert; an advert waits at most that long. KEEPALIVED_SHARP_READ_COALESCE_US
    /// overrides it (bench/scale's A/B runs; 0 reads at once).
    /// </summary>
    public static readonly TimeSpan ReadCoalescing =
        int.TryParse(Environment.GetEnvironmentVariable("KEEPALIVED_SHARP_READ_COALESCE_US"), out var us) && us >= 0
            ? TimeSpan.FromMicroseconds(us)
            : TimeSpan.FromMilliseconds(1);

    public EngineSetup Setup => _plan.Setup;
    public EventLoop<VrrpInput> Loop => _loop;
    public VrrpTransport Transport => _transport;
    /// <summary>The addresses the kernel has confirmed (what status calls "set"); any thread.</summary>
    public HostAddressLedger Addresses => _ledger;
    /// <summary>The host adapter; only on the loop thread (inside <see cref="EventLoop{TInput}.InvokeAsync"/>).</summary>
    public VrrpHost Host => _host;

    /// <summary>Told when the loop died of an unexpected exception (after the best-effort release).</summary>
    public Action<Exception>? Faulted
    {
        get => _loop.Faulted;
        set => _loop.Faulted = value;
    }
    public long Reloads { get; private set; }

    public void Start()
    {
        // keepalived sets up static_ipaddress/static_routes/static_rules before the instances start.
        _initialLinks = [.. LinkStates(_plan.Watched)];
        _initialInputs = [.. _trackers.InitialInputs()];
        _notifier.Start();
        _transport.StartReceiving(rx => _loop.Post(new AdvertInput(rx)));
        _loop.Start(); // the engine's start runs every vrrp_script
        _trackers.Start();
        _monitorThread.Start();
    }

    /// <summary>
    /// Applies a new, checked config in place (SIGHUP). Unchanged instances keep their state and
    /// timers; the caller has already refused an invalid config, so nothing half-applies.
    /// </summary>
    public async Task<ImmutableArray<string>> ReloadAsync(KeepalivedConfig config)
    {
        await _reloadGate.WaitAsync().ConfigureAwait(false);
        try
        {
            var next = Prepare(config);
            var oldNames = _plan.Instances.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            var gone = oldNames.Except(next.Instances.Select(p => p.Name)).ToList();
            var changes = new List<string>();
            var notifier = new Notifier(next.Notify, _log, _time);
            notifier.Start();
            var oldNotifier = _notifier;
            var newLinks = LinkStates(next.Watched.Except(_plan.Watched));
            IReadOnlyList<string> kept = [];
            await _applier.ApplyAsync(next.Instances, next.Static, now =>
            {
                _sink.Notifier = notifier;
                _sink.Removing = oldNotifier;
                // New interfaces' link states first, so a new instance on a down link starts in FAULT.
                foreach (var (name, up) in newLinks)
                {
                    if (!up) _host.Step(now, (e, t, actions) => e.InterfaceState(name, false, t, actions));
                }
                // The new commands before the engine restarts the schedule (its RunScripts come at once).
                _scripts.Replace(next.Scripts);
                _host.Engine.FifoWriteStatesOnReload = config.Global.FifoWriteVrrpStatesOnReload;
                _host.Step(now, (e, t, actions) => kept = e.Reconfigure(next.Setup.Instances, next.Setup.Groups, next.Setup.Scripts, t, actions,
                    next.Setup.Processes));
                _sink.Removing = null;
                _host.Forget(gone);
                _sync.Reconfigure(config.Global.Lvs);
                _host.LogUnknownVrids = config.Global.LogUnknownVrids;
                _transport.Counters.Forget(gone);
            }).ConfigureAwait(false);
            _notifier = notifier;
            await oldNotifier.DisposeAsync().ConfigureAwait(false);
            _trackers.Dispose();
            _trackers = new HostTrackers(config, _loop.Post, _log, _time, reload: true);
            foreach (var input in _trackers.InitialInputs()) _loop.Post(input);
            _trackers.Start();
            foreach (var v in VmacNames(_plan).Except(VmacNames(next)))
            {
                if (_vmacs.Remove(v)) TryDeleteLink(v);
            }
            _watched = next.Watched;
            _plan = next;
            Reloads++;
            changes.AddRange(gone.Select(n => $"removed instance {n}"));
            changes.AddRange(next.Instances.Select(p => p.Name).Where(n => !oldNames.Contains(n)).Select(n => $"added instance {n}"));
            changes.AddRange(kept.Select(n => $"kept instance {n}"));
            return [.. changes];
        }
        finally
        {
            _reloadGate.Release();
        }
    }

    /// <summary>
    /// A watched interface came up under a new ifindex (deleted and re-created: veth, VLAN, bond,
    /// macvlan). As keepalived does by itself, and as a SIGHUP would: the running config is planned
    /// against the host again and applied through the reload's path (new sockets and multicast
    /// membership, address targets on the new index, VMACs re-created). The engine keeps its state;
    /// the instances are in FAULT until the host adapter sees the new binding.
    /// </summary>
    private async Task RebindAsync(string name)
    {
        try
        {
            await _reloadGate.WaitAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            return;
        }
        try
        {
            if (_stopping) return;
            var plan = _plan;
            var (instances, statics) = Resolve(plan.Setup);
            await _applier.ApplyAsync(instances, statics).ConfigureAwait(false);
            _plan = plan with { Instances = instances, Static = statics };
        }
        catch (Exception e) when (e is HostPlanException or Linux.Native.LinuxNativeException or InvalidOperationException or IOException)
        {
            DaemonLog.RebindFailed(_log, name, e.Message);
        }
        finally
        {
            _reloadGate.Release();
        }
    }

    /// <summary>Graceful stop: priority 0 from masters, addresses released, VMACs deleted.</summary>
    public async Task StopAsync()
    {
        _trackers.Dispose();
        await _scripts.DisposeAsync().ConfigureAwait(false);
        try
        {
            await _loop.StopAsync().ConfigureAwait(false);
        }
        catch (Exception) when (_loop.Stopped.IsFaulted)
        {
            // The loop died and has already released what it could; the process exits non-zero.
        }
        _stopping = true;
        _host.ApplyStatic(HostObjects.Empty); // keepalived removes its static addresses, routes and rules at exit
        DrainThenReleaseFirewall();
        // The STOP notifications are queued by now; give them their (bounded) time to run.
        await _notifier.DisposeAsync().ConfigureAwait(false);
    }

    private Plan Prepare(KeepalivedConfig config)
    {
        // Script security first: keepalived disables scripts it refuses and stops tracking them.
        var policy = ScriptSecurityPolicy.FromGlobals(config.Global);
        var (scripts, disabled, scriptMessages) = ScriptTrackerConfig.Build(config, policy);
        var (notifySettings, notifyMessages) = NotifierConfig.Build(config, policy);
        foreach (var m in scriptMessages.Concat(notifyMessages)) DaemonLog.ConfigMessage(_log, m);

        var setup = EngineSetupBuilder.Build(config, new HostInventory(_netlink, _netlink).PrimaryAddress, disabled);
        var (plans, statics) = Resolve(setup);
        // Every interface the engine cares about: instances' own and tracked ones.
        var watched = setup.Instances.Select(i => i.Interface)
            .Concat(setup.Instances.SelectMany(i => i.Trackers).Where(t => t.Kind == TrackerKind.Interface).Select(t => t.Name))
            .ToImmutableHashSet(StringComparer.Ordinal);
        return new Plan(config, setup, plans, scripts, notifySettings, watched, statics);
    }

    /// <summary>The settings against the host as it is now: VMACs created where missing, then interface indices resolved.</summary>
    private (ImmutableArray<InstancePlan> Instances, HostObjects Static) Resolve(EngineSetup setup)
    {
        var before = new HostInventory(_netlink, _netlink);
        foreach (var v in HostPlanner.Vmacs(setup, before))
        {
            if (before.Link(v.Name) is null)
            {
                _netlink.CreateMacvlan(v.Name, v.ParentIndex, v.Mac);
                _vmacs.Add(v.Name);
            }
        }
        var host = new HostInventory(_netlink, _netlink);
        return (HostPlanner.Plan(setup, host), HostPlanner.Static(setup, host));
    }

    /// <summary>The VMAC interfaces a plan asks for (names only: no host lookup needed to drop old ones).</summary>
    private static IEnumerable<string> VmacNames(Plan plan)
        => plan.Setup.EffectiveInstances.Select(i => i.VmacName).OfType<string>();

    private IEnumerable<(string Interface, bool Up)> LinkStates(IEnumerable<string> names)
    {
        var links = _netlink.List().ToDictionary(l => l.Name, StringComparer.Ordinal);
        return [.. names.Select(n => (n, links.TryGetValue(n, out var l) && l.IsRunning))];
    }

    private static readonly TimeSpan StopDrainTimeout = TimeSpan.FromSeconds(5);
    private IReadOnlyList<(string Interface, bool Up)> _initialLinks = [];
    private IReadOnlyList<VrrpInput> _initialInputs = [];

    /// <summary>The loop's view of the daemon: the host adapter, with the start and abort the daemon owns.</summary>
    private sealed class Handler(VrrpDaemon daemon) : ILoopHandler<VrrpInput>
    {
        public TimeSpan? NextDeadline => daemon._host.NextDeadline;

        public void Start(TimeSpan now)
        {
            // keepalived sets up static_ipaddress/static_routes/static_rules before the instances start.
            daemon._host.ApplyStatic(daemon._plan.Static);
            // A daemon that was killed (SIGKILL, OOM, a crash) left its VIPs on the interface, and
            // until it is MASTER again two nodes would answer for them: as keepalived does on
            // entering BACKUP at start, take them off now. Address owners (priority 255) become
            // MASTER at once and keep theirs.
            foreach (var s in daemon._plan.Setup.Instances.Where(s => !s.IsOwner))
            {
                if (daemon._host.Plans.TryGetValue(s.Name, out var p)) daemon._network.Move(p.Name, p.Objects, HostObjects.Empty);
            }
            daemon._sync.Start(daemon._plan.Config.Global.Lvs); // vrrp_init_state: before the first state
            daemon._host.Start(now, daemon._initialLinks, daemon._initialInputs);
        }

        public void Handle(VrrpInput input, TimeSpan now) => daemon._host.Handle(input, now);

        public void Tick(TimeSpan now) => daemon._host.Tick(now);

        public void Stop(TimeSpan now)
        {
            daemon._sync.Stop(); // vrrp_terminate_phase1 stops it before the instances leave their states
            daemon._host.Stop(now);
        }

        public void Abort(TimeSpan now)
        {
            // Best effort, in order of importance: tell the peers (priority 0), then free the VIPs
            // even if the engine cannot say which it holds.
            try
            {
                daemon._sync.Stop();
                daemon._host.Stop(now);
            }
            finally
            {
                foreach (var p in daemon._host.Plans.Values) daemon._network.Move(p.Name, p.Objects, HostObjects.Empty);
                daemon.DrainThenReleaseFirewall();
            }
        }
    }

    private void MonitorLoop() => LinkMonitor.Run(_monitor, () => _stopping, events =>
    {
        foreach (var e in events)
        {
            switch (e)
            {
                case LinkEvent l:
                    _names[l.Link.Index] = l.Link.Name;
                    _links.OnLinkEvent(l.Link, l.Removed); // with its ifindex: a re-created link is told apart
                    break;
                case AddressEvent a when a.Removed && !AddressPresent(a.Address.Address, a.Address.InterfaceIndex):
                    // Checked here, off the loop: events can arrive after the address came back.
                    _loop.Post(new AddressGoneInput(a.Address.Address, a.Address.InterfaceIndex,
                        _names.GetValueOrDefault(a.Address.InterfaceIndex, a.Address.InterfaceIndex.ToString(System.Globalization.CultureInfo.InvariantCulture))));
                    break;
                case ResyncNeeded:
                    _links.Resync(); // a link deleted during the overrun is posted as down
                    break;
            }
        }
    }, ex => DaemonLog.ReceiveFailed(_log, "netlink", ex.Message));

    private bool AddressPresent(System.Net.IPAddress address, int ifindex)
        => _netlink.List(address.AddressFamily).Any(a => a.InterfaceIndex == ifindex && a.Address.Equals(address));

    /// <summary>
    /// Our drop tables go at exit (vrrp_daemon.c firewall_fini), once the network worker is idle: it uses the same
    /// nftables context, which is not thread-safe, so a worker still busy after the drain bound leaves them.
    /// </summary>
    private void DrainThenReleaseFirewall()
    {
        if (!_network.Drain(StopDrainTimeout))
        {
            if (_firewall.HasTables) DaemonLog.FirewallLeft(_log, StopDrainTimeout.TotalSeconds, _firewall.Options.Table);
            return;
        }
        try
        {
            _firewall.Release();
        }
        catch (Exception e) when (e is InvalidOperationException or Linux.Native.LinuxNativeException)
        {
            DaemonLog.FirewallReleaseFailed(_log, _firewall.Options.Table, e.Message);
        }
    }

    private void TryDeleteLink(string name)
    {
        try
        {
            if (_netlink.Find(name) is { } link) _netlink.Delete(link.Index);
        }
        catch (Linux.Native.LinuxNativeException e)
        {
            DaemonLog.HostOperationFailed(_log, name, "deleting VMAC", e.Message);
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _trackers.Dispose();
        if (_monitorThread.IsAlive) _monitorThread.Join(TimeSpan.FromSeconds(2));
        _transport.Dispose();
        _network.Dispose();
        _firewall.Dispose();
        _announcer.Dispose();
        _monitor.Dispose();
        foreach (var v in _vmacs) TryDeleteLink(v);
        _loop.Dispose();
        _sync.Dispose();
        _reloadGate.Dispose();
        _netlink.Dispose();
    }
}
