using KeepalivedSharp.Config;
using KeepalivedSharp.Host.Check;
using KeepalivedSharp.Host.Loop;
using KeepalivedSharp.Notify.Notifications;
using KeepalivedSharp.Notify.Security;
using KeepalivedSharp.Probes;
using KeepalivedSharp.Settings;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Host.Daemon;

/// <summary>
/// The checkers of a running node (keepalived's Keepalived_healthcheckers): the check engine on its
/// own loop thread, next to VRRP's, with probes as tasks. The desired table goes to
/// <see cref="TableChanged"/>; programming IPVS or nftables from it is the load balancer's job.
/// </summary>
public sealed class CheckDaemon : IDisposable
{
    private readonly EventLoop<CheckInput> _loop;
    private readonly ILogger _log;
    private readonly ProbeRunner _runner;
    private readonly CheckHost _host;
    private CheckNotifier _notifier;
    private Probes.Ping.PingGroupRange? _pingRange;

    public CheckDaemon(KeepalivedConfig config, ILoggerFactory logs, TimeProvider time, ulong seed)
    {
        var log = _log = logs.CreateLogger("Keepalived_healthcheckers");
        var probes = ProbeSet.Create(new ProbeServices(logs, time));
        _loop = new EventLoop<CheckInput>("check", new Handler(this), i => i.CoalesceKey, time, log);
        _runner = new ProbeRunner(probes, _loop.Post);
        var setup = CheckSetupBuilder.Build(config);
        _host = new CheckHost(setup, seed, _runner, log);
        _notifier = NewNotifier(config, setup, log);
        WidenPingRange(setup);
        _host.Observer = (action, _) => Notify(action);
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

    /// <summary>On the check loop: notify_up/down, quorum_up/down and the FIFO lines (ipwrapper.c do_rs_notifies, do_vs_notifies).</summary>
    private void Notify(Core.Check.CheckAction action)
    {
        switch (action)
        {
            case Core.Check.RealServerChanged r:
                _notifier.RealServer(r.VirtualServer, r.RealServer, _host.RealServerText(r.VirtualServer, r.RealServer), r.Up);
                break;
            case Core.Check.QuorumChanged q:
                _notifier.Quorum(q.VirtualServer, q.Up);
                break;
        }
    }

    /// <summary>Told (on the check loop) each new desired table.</summary>
    public Action<Core.Check.LoadBalancerTable>? TableChanged
    {
        get => _host.TableChanged;
        set => _host.TableChanged = value;
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
        _loop.Start();
    }

    /// <summary>SIGHUP with an already checked config: kept servers and checkers keep their state.</summary>
    public Task ReloadAsync(KeepalivedConfig config)
    {
        var setup = CheckSetupBuilder.Build(config);
        var notifier = NewNotifier(config, setup, _log);
        WidenPingRange(setup);
        return _loop.InvokeAsync(() =>
        {
            var old = _notifier;
            _notifier = notifier;
            notifier.Start();
            old.Dispose();
            _host.Reload(setup, _loop.Now);
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
    }

    public void Dispose()
    {
        _loop.Dispose();
        _runner.Dispose();
        _notifier.Dispose();
        _pingRange?.Dispose();
    }

    private sealed class Handler(CheckDaemon daemon) : ILoopHandler<CheckInput>
    {
        public TimeSpan? NextDeadline => daemon._host.NextDeadline;

        public void Start(TimeSpan now) => daemon._host.Start(now);

        public void Handle(CheckInput input, TimeSpan now) => daemon._host.Handle(input, now);

        public void Tick(TimeSpan now) => daemon._host.Tick(now);

        public void Stop(TimeSpan now) => daemon._host.Stop(now);

        public void Abort(TimeSpan now) => daemon._runner.CancelAll();
    }
}
