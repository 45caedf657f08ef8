using System.Collections.Frozen;
using KeepalivedSharp.Config;
using KeepalivedSharp.Core.Check;
using KeepalivedSharp.Host.Check;
using KeepalivedSharp.Host.LoadBalancer;
using KeepalivedSharp.Host.Loop;
using KeepalivedSharp.Host.Trackers;
using KeepalivedSharp.Notify.Notifications;
using KeepalivedSharp.Notify.Security;
using KeepalivedSharp.Probes;
using KeepalivedSharp.Probes.Misc;
using KeepalivedSharp.Settings;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Host.Daemon;

/// <summary>
/// The checkers of a running node (keepalived's Keepalived_healthcheckers): the check engine on its
/// own loop thread, next to VRRP's, with probes as tasks. Each desired table goes to the load
/// balancer (<see cref="LoadBalancerBackends"/>) on the loop; a refused change is logged with the
/// kernel's or library's words and the loop carries on. At stop our table is removed.
/// </summary>
public sealed class CheckDaemon : IDisposable
{
    private readonly EventLoop<CheckInput> _loop;
    private readonly ILogger _log;
    private readonly ProbeRunner _runner;
    private readonly CheckHost _host;
    private readonly MiscScripts _misc = new();
    private CheckNotifier _notifier;
    private Probes.Ping.PingGroupRange? _pingRange;
    private TrackFileWatcher? _files;
    private List<CheckInput> _initial = [];
    private HaSuspendWatch? _suspend;
    private readonly KeepalivedSharp.Notify.Smtp.SmtpAlerter? _smtp;
    private CheckMailer? _mailer;
    private readonly KeepalivedConfig _config;
    private readonly Ports.ILoadBalancer? _balancer;
    private readonly CheckerSyncDaemons _sync;
    private readonly TimeProvider _time;

    private readonly bool _dontRelease;
    /// <summary>
    /// Set on the loop when it stops: the engine's last table (empty) is not programmed, since Release clears
    /// ours in one step (clear_services: lvs_flush_on_stop flushes, otherwise each service goes), and -I keeps it.
    /// </summary>
    private bool _stopping;

    /// <param name="loadBalancer">--lb-backend: auto, nftables, ipvs or none (<see cref="LoadBalancerBackends"/>).</param>
    /// <param name="dontRelease">-I/--dont-release-ipvs: our table stays in the kernel at stop (check_daemon.c DONT_RELEASE_IPVS_BIT).</param>
    public CheckDaemon(KeepalivedConfig config, ILoggerFactory logs, TimeProvider time, ulong seed, string loadBalancer = LoadBalancerBackends.Auto, bool dontRelease = false)
    {
        var log = _log = logs.CreateLogger("Keepalived_healthcheckers");
        _dontRelease = dontRelease;
        _time = time;
        // First: a backend that cannot open leaves nothing else half made.
        _balancer = LoadBalancerBackends.Open(loadBalancer, log, config.Global.Lvs);
        _config = config;
        _sync = new CheckerSyncDaemons(() => IpvsSyncDaemons.Open(loadBalancer, log));
        // SSL_GET offers the top-level SSL block's client certificate (check_ssl.c build_ssl_ctx); it is read at start.
        var probes = ProbeSet.Create(new ProbeServices(logs, time, config.Ssl, Misc: _misc));
        _loop = new EventLoop<CheckInput>("check", new Handler(this), i => i.CoalesceKey, time, log);
        _runner = new ProbeRunner(probes, _loop.Post, _loop);
        var misc = Setup(config);
        var setup = misc.Setup;
        _misc.Use(misc);
        _host = new CheckHost(setup, seed, _runner, log);
        ReportLeftover();
        _host.TableChanged = Program;
        _notifier = NewNotifier(config, setup, log);
        // Mail settings are read at start, as the VRRP side's; smtp_alert flags follow each reload.
        if (KeepalivedSharp.Notify.Notifications.NotifierConfig.Smtp(config.Global) is { } smtp) _smtp = new KeepalivedSharp.Notify.Smtp.SmtpAlerter(smtp, log);
        _mailer = NewMailer(config, setup);
        WidenPingRange(setup);
        _host.Observer = (action, _) => Notify(action);
    }

    /// <summary>The check settings with every MISC_CHECK's script checked; refused ones are removed (check_misc.c check_misc_script_security).</summary>
    private MiscScripts.Checked Setup(KeepalivedConfig config)
    {
        var messages = new List<string>();
        var setup = MiscScripts.Check(CheckSetupBuilder.Build(config), ScriptSecurityPolicy.FromGlobals(config.Global), messages);
        foreach (var m in messages) DaemonLog.ConfigMessage(_log, m);
        return setup;
    }

    /// <summary>
    /// FILE_CHECK: the track_files the checkers use, read and watched by VRRP's reader (init_file was applied
    /// by the VRRP side, which always runs); each reading goes to every checker of that file.
    /// Returns the readings now, which the engine applies before it starts or after a reload.
    /// </summary>
    private List<FileRead> WatchFiles(KeepalivedConfig config, CheckSetup setup)
    {
        _files?.Dispose();
        _files = null;
        var byFile = new Dictionary<string, List<CheckerRef>>(StringComparer.Ordinal);
        foreach (var vs in setup.VirtualServers)
        foreach (var rs in vs.RealServers)
        {
            for (int i = 0; i < rs.Checkers.Length; i++)
            {
                if (rs.Checkers[i].Kind == CheckerKind.File && rs.Checkers[i].Probe is CheckProbe { Checker.TrackFile: { } name })
                    (byFile.TryGetValue(name, out var l) ? l : byFile[name] = []).Add(new CheckerRef(vs.Id, rs.Endpoint, i));
            }
        }
        if (byFile.Count == 0) return [];
        var readers = byFile.ToFrozenDictionary(StringComparer.Ordinal);
        _files = new TrackFileWatcher(config.TrackFiles.Where(f => readers.ContainsKey(f.Name)), (name, value) =>
        {
            foreach (var c in readers[name]) _loop.Post(new FileRead(c, value));
        }, _log);
        // Watch first, then read: a change in between is posted after the initial value.
        _files.Start();
        return [.. _files.ReadAll().SelectMany(r => readers[r.Name].Select(c => new FileRead(c, r.Value)))];
    }

    /// <summary>check_ping.c: with a PING_CHECK, ping_group_range is widened to include gid 0, and restored at exit.</summary>
    private void WidenPingRange(CheckSetup setup)
    {
        if (_pingRange is null && setup.VirtualServers.Any(v => v.RealServers.Any(r => r.Checkers.Any(c => c.Kind == Core.Check.CheckerKind.Ping))))
            _pingRange = Probes.Ping.PingGroupRange.Widen(_log);
    }

    private static CheckNotifier NewNotifier(KeepalivedConfig config, CheckSetup setup, ILogger log)
    {
        var n = new CheckNotifier(config, setup, ScriptSecurityPolicy.FromGlobals(config.Global), log);
        foreach (var m in n.Messages) DaemonLog.ConfigMessage(log, m);
        return n;
    }

    private CheckMailer? NewMailer(KeepalivedConfig config, CheckSetup setup) =>
        _smtp is { } smtp ? new CheckMailer(config, setup, EngineSetupBuilder.RouterId(config.Global), a => smtp.Enqueue(a)) : null;

    /// <summary>On the check loop: notify_up/down, quorum_up/down and the FIFO lines (ipwrapper.c do_rs_notifies, do_vs_notifies).</summary>
    private void Notify(Core.Check.CheckAction action)
    {
        // What a reload drops is notified with the scripts and smtp_alert of the config it was in (clear_diff_services on old_check_data).
        bool dropped = action is Core.Check.RealServerCleared { Reason: Core.Check.ClearReason.Removed }
            or Core.Check.QuorumChanged { Cleared: Core.Check.ClearReason.Removed };
        var (notifier, mailer) = dropped && _retiring is { } old ? old : (_notifier, _mailer);
        mailer?.Observe(action, _host.IsAlive, _host.RealServerText);
        switch (action)
        {
            case Core.Check.RealServerChanged r:
                notifier.RealServer(r.VirtualServer, r.RealServer, _host.RealServerText(r.VirtualServer, r.RealServer), r.Up);
                break;
            case Core.Check.RealServerCleared { Notify: true } c:
                notifier.RealServer(c.VirtualServer, c.RealServer, _host.RealServerText(c.VirtualServer, c.RealServer), up: false);
                break;
            case Core.Check.QuorumChanged q:
                notifier.Quorum(q.VirtualServer, q.Up);
                break;
        }
    }

    /// <summary>During a reload's step: the notifier and mailer of the config being replaced.</summary>
    private (CheckNotifier Notifier, CheckMailer? Mailer)? _retiring;

    /// <summary>Told (on the check loop) each new desired table, after the load balancer got it.</summary>
    public Action<Core.Check.LoadBalancerTable>? TableChanged { get; set; }

    /// <summary>Reads back what an earlier run left; the first table applied replaces it whole.</summary>
    private void ReportLeftover()
    {
        if (_balancer is null) return;
        try
        {
            var left = _balancer.ReadBack();
            if (!left.Services.IsEmpty) LoadBalancerLog.Leftover(_log, _balancer.Name, left.Services.Count, left.DestinationCount);
        }
        catch (Ports.LoadBalancerException e)
        {
            LoadBalancerLog.ReadBackFailed(_log, _balancer.Name, e.Message);
        }
    }

    /// <summary>On the check loop: the kernel follows the table; a refusal is logged, never thrown into the loop.</summary>
    private void Program(Core.Check.LoadBalancerTable table, Core.Check.TableChange? change)
    {
        if (_balancer is not null && !_stopping)
        {
            try
            {
                long started = _time.GetTimestamp();
                _balancer.Apply(table, change);
                LoadBalancerLog.Applied(_log, _balancer.Name, table.Services.Count, table.DestinationCount, _time.GetElapsedTime(started).TotalMilliseconds);
            }
            catch (Ports.LoadBalancerException e)
            {
                LoadBalancerLog.ApplyFailed(_log, _balancer.Name, table.Services.Count, table.DestinationCount, e.Message);
            }
        }
        TableChanged?.Invoke(table);
    }

    public Action<Exception>? Faulted
    {
        get => _loop.Faulted;
        set => _loop.Faulted = value;
    }

    public EventLoop<CheckInput> Loop => _loop;

    /// <summary>Only on the loop thread (inside <see cref="EventLoop{TInput}.InvokeAsync"/>).</summary>
    public CheckHost Host => _host;

    public void Start()
    {
        _notifier.Start();
        _suspend = HaSuspendWatch.Open(_host.Setup, _loop.Post, _log);
        _initial = [.. WatchFiles(_config, _host.Setup), .. _suspend?.Initial() ?? []];
        _suspend?.Start();
        _loop.Start();
    }

    /// <summary>SIGHUP with an already checked config: kept servers and checkers keep their state.</summary>
    public Task ReloadAsync(KeepalivedConfig config)
    {
        var misc = Setup(config);
        var setup = misc.Setup;
        var notifier = NewNotifier(config, setup, _log);
        var mailer = NewMailer(config, setup);
        WidenPingRange(setup);
        var opened = _suspend is null ? HaSuspendWatch.Open(setup, _loop.Post, _log) : null;
        var presence = opened?.Initial() ?? [];
        _suspend?.Use(setup);
        return _loop.InvokeAsync(() =>
        {
            _retiring = (_notifier, _mailer);
            _notifier = notifier;
            _mailer = mailer;
            notifier.Start();
            _misc.Use(misc);
            // start_check at a reload: lvs_timeouts again (or the kernel's own back); lvs_flush is start only.
            _balancer?.Reconfigure(config.Global.Lvs);
            _sync.Reconfigure(config.Global.Lvs);
            try
            {
                _host.Reload(setup, _loop.Now);
            }
            finally
            {
                _retiring.Value.Notifier.Dispose();
                _retiring = null;
            }
            // keepalived re-reads the tracked files at reload (init_track_files); unchanged readings change nothing.
            foreach (var f in WatchFiles(config, setup)) _host.Handle(f, _loop.Now);
            foreach (var p in presence) _host.Handle(p, _loop.Now);
            if (opened is not null)
            {
                _suspend = opened;
                opened.Start();
            }
        });
    }

    public async Task StopAsync()
    {
        try
        {
            await _loop.StopAsync().ConfigureAwait(false);
        }
        catch (Exception) when (_loop.Stopped.IsFaulted)
        {
            // The loop died and logged why; the process exits non-zero.
        }
        Release();
        _sync.Stop(); // checker_terminate_phase2: after clear_services, before ipvs_stop
        // Mails of the last changes get a moment to go out, as the VRRP side's at stop.
        if (_smtp is not null) await _smtp.DrainAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
    }

    /// <summary>After the loop stopped (so no other thread uses the backend): our table goes (clear_services), unless -I.</summary>
    private void Release()
    {
        if (_balancer is null || _dontRelease) return;
        try
        {
            _balancer.Release();
        }
        catch (Ports.LoadBalancerException e)
        {
            LoadBalancerLog.ReleaseFailed(_log, _balancer.Name, e.Message);
        }
    }

    public void Dispose()
    {
        _suspend?.Dispose(); // first: it posts to the loop
        _loop.Dispose();
        _runner.Dispose();
        _notifier.Dispose();
        _pingRange?.Dispose();
        _files?.Dispose();
        _balancer?.Dispose();
        _sync.Dispose();
        _smtp?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private sealed class Handler(CheckDaemon daemon) : ILoopHandler<CheckInput>
    {
        public TimeSpan? NextDeadline => daemon._host.NextDeadline;

        public void Start(TimeSpan now)
        {
            daemon._sync.Start(daemon._config.Global.Lvs); // start_check: the sync daemons before the checkers
            daemon._host.Start(now, daemon._initial);
        }

        public void Handle(CheckInput input, TimeSpan now) => daemon._host.Handle(input, now);

        public void Tick(TimeSpan now) => daemon._host.Tick(now);

        public void Stop(TimeSpan now)
        {
            daemon._stopping = true;
            daemon._host.Stop(now);
        }

        public void Abort(TimeSpan now) => daemon._runner.CancelAll();
    }
}
