using System.Collections.Immutable;
using System.Runtime.InteropServices;
using KeepalivedSharp.Cli;
using KeepalivedSharp.Commands;
using KeepalivedSharp.Config;
using KeepalivedSharp.Host;
using KeepalivedSharp.Host.Daemon;
using KeepalivedSharp.Host.Loop;
using KeepalivedSharp.Host.Planning;
using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Operations;
using KeepalivedSharp.Operations.Control;
using KeepalivedSharp.Operations.Dumps;
using KeepalivedSharp.Operations.Metrics;
using KeepalivedSharp.Notify.Scripts;
using KeepalivedSharp.Notify.Security;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Hosting;

/// <summary>
/// The hosted service: starts the daemon, reloads it on SIGHUP (a broken config is logged and the
/// running one stays), answers operations requests, and on host shutdown (SIGTERM/SIGINT) stops it
/// gracefully.
/// </summary>
public sealed class VrrpService(KeepalivedConfig config, DaemonOptions options, ILoggerFactory loggers, TimeProvider time, ISystemdNotifier? systemd,
    IHostApplicationLifetime? lifetime = null)
    : IHostedService, IDaemonControl, IDisposable
{
    private readonly ILogger _log = loggers.CreateLogger("Keepalived_vrrp");
    private readonly long _started = time.GetTimestamp();
    private readonly List<PosixSignalRegistration> _signals = [];
    private VrrpDaemon? _daemon;
    private CheckDaemon? _checks;
    private KeepalivedConfig? _config;
    private ControlServer? _control;
    private MetricsServer? _metrics;
    private ITimer? _watchdog;
    private ProcessLimits? _limits;
    private LoopScheduling? _vrrpScheduling;
    private LoopScheduling? _checkScheduling;

    public VrrpDaemon? Daemon => _daemon;

    /// <summary>The health checkers, when the config has virtual servers and -P was not given.</summary>
    public CheckDaemon? Checks => _checks;

    /// <summary>The event loop died of an unexpected exception: the process exits non-zero (systemd's Restart=on-failure).</summary>
    public bool Faulted { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        DaemonLog.Starting(_log, CommandLine.VersionText(), config.Instances.Length, options.ConfigFile);
        _config = config;
        // keepalived's parent runs the startup script first and starts its children when it ends (main.c run_startup_script).
        if (StartStopScript.Startup(config.Global, ScriptSecurityPolicy.FromGlobals(config.Global), _log) is { } startup)
            await startup.RunAsync(_log).ConfigureAwait(false);
        // -u on the command line wins over the config's umask (keepalived's umask_cmdline).
        ProcessLimits.ApplyUmask(options.Umask ?? config.Global.Umask);
        _limits = new ProcessLimits(_log);
        _daemon = new VrrpDaemon(VrrpPart(config), _log, time, () => Host.LoadBalancer.IpvsSyncDaemons.Open(options.LbBackend, _log));
        _daemon.Faulted = _ =>
        {
            Faulted = true;
            lifetime?.StopApplication();
        };
        if (!options.CheckOnly) _daemon.Loop.ThreadPolicy = _vrrpScheduling = Scheduling(config, config.Global.VrrpProcess, "vrrp", _log);
        _daemon.Start();
        StartChecks(config);
        _daemon.Loop.RequestCompaction(); // start-up's garbage and the regions it touched go back to the kernel
        _signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            _ = Task.Run(() => ReloadAsync(CancellationToken.None));
        }));
        // keepalived's dump signals: USR1 data, USR2 stats, SIGRTMIN+2 JSON, SIGRTMAX-1 stats then clear.
        foreach (int signal in new[] { DumpWriter.SignalData, DumpWriter.SignalStats, DumpWriter.SignalJson, DumpWriter.SignalStatsClear })
        {
            _signals.Add(PosixSignalRegistration.Create((PosixSignal)signal, context =>
            {
                context.Cancel = true;
                _ = Task.Run(() => DumpAsync(signal));
            }));
        }
        _control = new ControlServer(this, _log, options.ControlSocket ?? ControlProtocol.DefaultSocketPath);
        TryStart("control socket", _control.Start);
        if (options.MetricsEndpoint is not null)
        {
            _metrics = new MetricsServer(this, MetricsServer.ParseEndpoint(options.MetricsEndpoint), _log);
            TryStart("metrics endpoint", _metrics.Start);
        }
        if (systemd is { IsEnabled: true } && WatchdogInterval() is { } period)
            _watchdog = time.CreateTimer(_ => _ = PingWatchdogAsync(), null, period, period);
    }

    private void TryStart(string what, Action start)
    {
        try
        {
            start();
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or UnauthorizedAccessException or InvalidOperationException)
        {
            DaemonLog.HostOperationFailed(_log, what, "starting", e.Message);
        }
    }

    /// <summary>
    /// Writes the dump a signal asks for (keepalived's formats and places), then clears for STATS_CLEAR. USR1 writes
    /// keepalived.data for the VRRP side (not with -C, which runs none) and keepalived_check.data when the checkers run,
    /// as keepalived's two children each write theirs.
    /// </summary>
    private async Task DumpAsync(int signal)
    {
        if (DumpWriter.ForSignal(signal) is not { } kind || _daemon is null) return;
        DaemonStatus status;
        try
        {
            status = await GetStatusAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            DaemonLog.HostOperationFailed(_log, "dump", $"writing {kind}", e.Message);
            return;
        }
        var writer = new DumpWriter(_config!);
        if (kind != DumpKind.Data || !options.CheckOnly) Write(writer, kind, status);
        if (kind == DumpKind.Data && status.CheckSettings is not null) Write(writer, DumpKind.CheckData, status);
        if (signal == DumpWriter.SignalStatsClear) await ClearCountersAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private void Write(DumpWriter writer, DumpKind kind, DaemonStatus status)
    {
        try
        {
            DaemonLog.DumpWritten(_log, writer.Write(kind, status));
        }
        catch (Exception e) when (e is IOException or UnsafeDumpLocationException or UnauthorizedAccessException or InvalidOperationException)
        {
            DaemonLog.HostOperationFailed(_log, "dump", $"writing {kind}", e.Message);
        }
    }

    /// <summary>systemd's WatchdogSec: ping at half the period, only while the event loop answers.</summary>
    private static TimeSpan? WatchdogInterval()
        => long.TryParse(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var us) && us > 0
            ? TimeSpan.FromMicroseconds(us / 2)
            : null;

    private async Task PingWatchdogAsync()
    {
        if (_daemon is null || systemd is null) return;
        try
        {
            var status = await GetStatusAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            systemd.Notify(new ServiceState("WATCHDOG=1"));
            var summary = string.Join(", ", status.Instances.GroupBy(i => i.Engine.State).Select(g => $"{g.Count()} {g.Key.ToKeepalived()}"));
            systemd.Notify(new ServiceState($"STATUS={status.Instances.Length} instance(s): {summary}"));
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            // A stuck loop gets no ping: systemd restarts us, as WatchdogSec intends.
        }
    }

    /// <summary>-C runs the checkers only: the VRRP side gets no instances, scripts, trackers, static objects or instance's sync daemon.</summary>
    private KeepalivedConfig VrrpPart(KeepalivedConfig c) => options.CheckOnly
        ? c with
        {
            Scripts = [], Instances = [], SyncGroups = [], TrackProcesses = [], StaticAddresses = [], StaticRoutes = [], StaticRules = [],
            Global = c.Global with { Lvs = c.Global.Lvs with { SyncDaemon = Host.LoadBalancer.CheckerSyncDaemons.Of(c.Global.Lvs) } },
        }
        : c;

    private LoopScheduling Scheduling(KeepalivedConfig c, SchedulingSettings settings, string process, ILogger log)
        => new(settings, process, c.Global.MaxAutoPriority, c.Global.MinAutoPriorityDelay, _limits!, log);

    /// <summary>Starts the checkers once, when <see cref="DaemonOptions.RunsCheckers"/> says so (at start, or on the reload that adds virtual servers).</summary>
    private void StartChecks(KeepalivedConfig c)
    {
        if (_checks is not null || !options.RunsCheckers(c)) return;
        Span<byte> seed = stackalloc byte[8];
        Linux.Native.KernelRandom.Fill(seed);
        _checks = new CheckDaemon(c, loggers, time, BitConverter.ToUInt64(seed), options.LbBackend, options.DontReleaseIpvs);
        _checks.Faulted = _ =>
        {
            Faulted = true;
            lifetime?.StopApplication();
        };
        _checks.Loop.ThreadPolicy = _checkScheduling = Scheduling(c, c.Global.CheckerProcess, "checker", loggers.CreateLogger("Keepalived_healthcheckers"));
        _checks.Start();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var r in _signals) r.Dispose();
        _signals.Clear();
        _watchdog?.Dispose();
        if (_control is not null) await _control.DisposeAsync().ConfigureAwait(false);
        if (_metrics is not null) await _metrics.DisposeAsync().ConfigureAwait(false);
        _control = null;
        _metrics = null;
        bool started = _daemon is not null;
        if (_daemon is not null)
        {
            // VRRP first: the VIPs leave and priority 0 goes out while the load balancer still serves
            // them, so no connection meets a VIP without its table (it would be refused) while the
            // backup takes over. keepalived's two processes stop at once and race here.
            DaemonLog.Stopping(_log);
            await _daemon.StopAsync().WaitAsync(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
            _daemon.Dispose();
            _daemon = null;
        }
        if (_checks is not null)
        {
            await _checks.StopAsync().WaitAsync(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
            _checks.Dispose();
            _checks = null;
        }
        if (!started) return;
        _limits?.Dispose();
        // keepalived's parent runs the shutdown script (of the config in force) once its children are gone (main.c sigend).
        var g = (_config ?? config).Global;
        if (StartStopScript.Shutdown(g, ScriptSecurityPolicy.FromGlobals(g), _log) is { } shutdown)
            await shutdown.RunAsync(_log).ConfigureAwait(false);
        DaemonLog.Stopped(_log);
    }

    /// <summary>Re-reads the config; a config with any error is reported and not applied.</summary>
    public async Task<ReloadResult> ReloadAsync(CancellationToken cancellation)
    {
        var daemon = _daemon ?? throw new InvalidOperationException("the daemon is not running");
        DaemonLog.Reloading(_log, options.ConfigFile);
        var result = ConfigLoading.Load(options);
        var diagnostics = result.Diagnostics.Select(d => d.ToString()).ToImmutableArray();
        foreach (var d in diagnostics) DaemonLog.ConfigMessage(_log, d);
        if (result.Config is null)
        {
            DaemonLog.ReloadRefused(_log, options.ConfigFile, result.ErrorCount);
            return new ReloadResult(false, diagnostics, []);
        }
        try
        {
            var changes = await daemon.ReloadAsync(VrrpPart(result.Config)).ConfigureAwait(false);
            if (_vrrpScheduling is { } vs) await daemon.Loop.InvokeAsync(() => vs.Reapply(result.Config.Global.VrrpProcess)).ConfigureAwait(false);
            if (_checks is not null)
            {
                await _checks.ReloadAsync(result.Config).ConfigureAwait(false);
                if (_checkScheduling is { } cs) await _checks.Loop.InvokeAsync(() => cs.Reapply(result.Config.Global.CheckerProcess)).ConfigureAwait(false);
            }
            else StartChecks(result.Config);
            _config = result.Config;
            daemon.Loop.RequestCompaction();
            DaemonLog.Reloaded(_log, string.Join(", ", changes));
            return new ReloadResult(true, diagnostics, changes);
        }
        catch (Exception e) when (e is HostPlanException or Linux.Native.LinuxNativeException or InvalidOperationException)
        {
            DaemonLog.ReloadFailed(_log, e.Message);
            return new ReloadResult(false, [.. diagnostics, e.Message], []);
        }
    }

    public async Task<DaemonStatus> GetStatusAsync(CancellationToken cancellation)
    {
        var daemon = _daemon ?? throw new InvalidOperationException("the daemon is not running");
        DaemonStatus? status = null;
        await daemon.Loop.InvokeAsync(() =>
        {
            var host = daemon.Host;
            var now = daemon.Loop.Now;
            var setup = daemon.Setup;
            var wireCounters = daemon.Transport.Counters;
            // "set" only for what the kernel confirmed (keepalived's ip->set): a failed add is not held.
            var ledger = daemon.Addresses;
            var instances = host.Engine.Snapshot()
                .Select(i => (Status: i, Settings: setup.Instance(i.Name), Plan: host.Plans.GetValueOrDefault(i.Name)))
                .Where(x => x.Settings is not null)
                .Select(x => new InstanceReport(
                    x.Status with
                    {
                        Counters = wireCounters.AddTo(x.Status.Name, x.Status.Counters),
                        HoldsAddresses = x.Status.HoldsAddresses && (x.Plan is null || ledger.HoldsAll(x.Plan)),
                    },
                    x.Settings!, now - x.Status.LastTransition,
                    // The plan lists the VIPs first, in the settings' order, then the excluded addresses.
                    x.Plan is null ? default : [.. x.Plan.Addresses.Take(x.Settings!.VirtualAddresses.Length).Select(a => ledger.IsSet(x.Plan.Name, a))])
                {
                    UntilExtraIfGarp = x.Status.ExtraIfGarpAt - now,
                })
                .ToImmutableArray();
            var groupSettings = setup.EffectiveGroups.ToDictionary(g => g.Name, StringComparer.Ordinal);
            var groups = host.Engine.GroupSnapshot()
                .Where(g => groupSettings.ContainsKey(g.Name))
                .Select(g => new GroupReport(g.State, groupSettings[g.Name]))
                .ToImmutableArray();
            var wire = daemon.Transport.SocketCounters
                .Select(c => new WireErrorReport(c.Interface, c.Family, c.Errors.Snapshot().ToImmutableDictionary(kv => kv.Key.ToString(), kv => kv.Value)))
                .ToImmutableArray();
            status = new DaemonStatus(CommandLine.VersionText(), options.ConfigFile, Environment.ProcessId, time.GetElapsedTime(_started),
                time.GetUtcNow(), instances, groups, wire, host.Engine.UnknownVirtualRouterDrops, daemon.Reloads, setup);
        }).WaitAsync(cancellation).ConfigureAwait(false);
        if (_checks is { } checks)
        {
            // The checkers' state is taken on their own loop, just after VRRP's.
            ImmutableArray<Core.Check.VirtualServerStatus> servers = [];
            Settings.CheckSetup? setup = null;
            await checks.Loop.InvokeAsync(() =>
            {
                servers = checks.Host.Engine.Snapshot();
                setup = checks.Host.Setup;
            }).WaitAsync(cancellation).ConfigureAwait(false);
            status = status! with { VirtualServers = servers, CheckSettings = setup };
        }
        return status!;
    }

    public Task ClearCountersAsync(CancellationToken cancellation)
    {
        var daemon = _daemon ?? throw new InvalidOperationException("the daemon is not running");
        return daemon.Loop.InvokeAsync(() =>
        {
            daemon.Host.Engine.ClearCounters();
            daemon.Transport.Counters.Clear();
        }).WaitAsync(cancellation);
    }

    public void Dispose()
    {
        foreach (var r in _signals) r.Dispose();
        _watchdog?.Dispose();
        _checks?.Dispose();
        _daemon?.Dispose();
    }
}
