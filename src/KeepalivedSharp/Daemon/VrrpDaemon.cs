using System.Collections.Immutable;
using KeepalivedSharp.Binding;
using KeepalivedSharp.Config;
using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Linux.Packet;
using KeepalivedSharp.Linux.RtNetlink;
using KeepalivedSharp.Linux.Vrrp;
using KeepalivedSharp.Notify.Notifications;
using KeepalivedSharp.Notify.Security;
using KeepalivedSharp.Notify.Tracking;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Daemon;

/// <summary>
/// The composition root of a running node: the engine, the event loop, the VRRP sockets,
/// rtnetlink, packet sockets and the link monitor, built from one checked config.
/// </summary>
public sealed class VrrpDaemon : IDisposable
{
    private readonly ILogger _log;
    private readonly RtNetlinkClient _netlink;
    private readonly VrrpTransport _transport;
    private readonly HostExecutor _executor;
    private readonly DaemonLoop _loop;
    private readonly LinkMonitor _monitor;
    private readonly ImmutableArray<VmacPlan> _vmacs;
    private readonly Thread _monitorThread;
    private readonly HashSet<string> _watched;
    private readonly Dictionary<int, string> _names;
    private readonly ScriptTracker _scripts;
    private readonly Notifier _notifier;
    private volatile bool _stopping;

    public VrrpDaemon(KeepalivedConfig config, ILogger log, TimeProvider time)
    {
        _log = log;
        _netlink = new RtNetlinkClient();
        var created = new List<VmacPlan>();
        try
        {
            var before = new HostInventory(_netlink, _netlink);
            foreach (var v in HostPlanner.Vmacs(config, before))
            {
                if (before.Link(v.Name) is null)
                {
                    _netlink.CreateMacvlan(v.Name, v.ParentIndex, v.Mac);
                    created.Add(v);
                }
            }
            _vmacs = [.. created];
            var host = new HostInventory(_netlink, _netlink);

            // Script security first: keepalived disables scripts it refuses and stops tracking them.
            var policy = ScriptSecurityPolicy.FromGlobals(config.Global);
            var (scripts, disabled, scriptMessages) = ScriptTrackerConfig.Build(config, policy);
            var (notifySettings, notifyMessages) = NotifierConfig.Build(config, policy);
            foreach (var m in scriptMessages.Concat(notifyMessages)) DaemonLog.ConfigMessage(log, m);
            var setup = WithoutScripts(EngineSetupBuilder.Build(config, host.PrimaryAddress), disabled);
            Setup = setup;
            var plans = HostPlanner.Plan(config, setup.Instances, host);
            var limiter = new LogRateLimiter(time);
            _transport = new VrrpTransport(plans,
                key => VrrpSocket.Open(new VrrpSocketOptions(key.Family, key.InterfaceIndex, key.Source, key.Unicast)),
                log, limiter);
            _notifier = new Notifier(notifySettings, log, time);
            _executor = new HostExecutor(plans, _transport, _netlink, PacketSender.Open, _notifier.Notify, log, limiter);
            _loop = new DaemonLoop(setup.CreateEngine(), _executor, time);
            _scripts = new ScriptTracker(scripts, r => _loop.Post(new ScriptInput(r.Name, r.Success)), log, time);
            _loop.AddressDeleted = (g, instance) => DaemonLog.VipDeleted(_log, g.Address, g.InterfaceName, instance);
            _monitor = LinkMonitor.Open();

            // Every interface the engine cares about: instances' own and tracked ones.
            _watched = new HashSet<string>(setup.Instances.Select(i => i.Interface)
                .Concat(setup.Instances.SelectMany(i => i.Trackers).Where(t => t.Kind == Core.Tracking.TrackerKind.Interface).Select(t => t.Name)),
                StringComparer.Ordinal);
            _names = _netlink.List().ToDictionary(l => l.Index, l => l.Name);
            InitialLinks = [.. _watched.Select(name => (name, host.Link(name)?.IsRunning ?? false))];
            _monitorThread = new Thread(MonitorLoop) { Name = "netlink-monitor", IsBackground = true };
        }
        catch
        {
            foreach (var v in created) TryDeleteLink(v.Name);
            _netlink.Dispose();
            throw;
        }
    }

    public EngineSetup Setup { get; }
    public ImmutableArray<(string Interface, bool Up)> InitialLinks { get; }
    public DaemonLoop Loop => _loop;

    public void Start()
    {
        _notifier.Start();
        _transport.StartReceiving(rx => _loop.Post(new AdvertInput(rx)));
        _loop.Start(InitialLinks);
        _scripts.Start();
        _monitorThread.Start();
    }

    /// <summary>Graceful stop: priority 0 from masters, addresses released, VMACs deleted.</summary>
    public async Task StopAsync()
    {
        await _scripts.DisposeAsync().ConfigureAwait(false);
        await _loop.StopAsync().ConfigureAwait(false);
        _stopping = true;
        // The STOP notifications are queued by now; give them their (bounded) time to run.
        await _notifier.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Drops bindings to scripts that script security disabled (keepalived removes them from track_script).</summary>
    private static EngineSetup WithoutScripts(EngineSetup setup, ImmutableArray<string> disabled)
    {
        if (disabled.IsDefaultOrEmpty) return setup;
        var names = disabled.ToHashSet(StringComparer.Ordinal);
        return setup with
        {
            Instances = [.. setup.Instances.Select(i => i with
            {
                Trackers = [.. i.Trackers.Where(t => t.Kind != Core.Tracking.TrackerKind.Script || !names.Contains(t.Name))],
            })],
            Scripts = [.. setup.Scripts.Where(s => !names.Contains(s.Name))],
        };
    }

    private void MonitorLoop()
    {
        var events = new List<HostEvent>();
        while (!_stopping)
        {
            try
            {
                events.Clear();
                _monitor.Poll(200, events);
                foreach (var e in events)
                {
                    switch (e)
                    {
                        case LinkEvent l:
                            _names[l.Link.Index] = l.Link.Name;
                            if (_watched.Contains(l.Link.Name))
                                _loop.Post(new LinkInput(l.Link.Name, !l.Removed && l.Link.IsRunning));
                            break;
                        case AddressEvent a when a.Removed:
                            _loop.Post(new AddressGoneInput(a.Address.Address, a.Address.InterfaceIndex,
                                _names.GetValueOrDefault(a.Address.InterfaceIndex, a.Address.InterfaceIndex.ToString(System.Globalization.CultureInfo.InvariantCulture))));
                            break;
                        case ResyncNeeded:
                            foreach (var link in _netlink.List().Where(x => _watched.Contains(x.Name)))
                                _loop.Post(new LinkInput(link.Name, link.IsRunning));
                            break;
                    }
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                if (_stopping) break;
                DaemonLog.ReceiveFailed(_log, "netlink", ex.Message);
                Thread.Sleep(100);
            }
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
        if (_monitorThread.IsAlive) _monitorThread.Join(TimeSpan.FromSeconds(2));
        _transport.Dispose();
        _executor.Dispose();
        _monitor.Dispose();
        foreach (var v in _vmacs) TryDeleteLink(v.Name);
        _loop.Dispose();
        _netlink.Dispose();
    }
}
