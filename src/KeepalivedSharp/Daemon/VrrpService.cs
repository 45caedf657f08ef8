using System.Collections.Immutable;
using System.Runtime.InteropServices;
using KeepalivedSharp.Cli;
using KeepalivedSharp.Commands;
using KeepalivedSharp.Config;
using KeepalivedSharp.Operations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Daemon;

/// <summary>
/// The hosted service: starts the daemon, reloads it on SIGHUP (a broken config is logged and the
/// running one stays), answers operations requests, and on host shutdown (SIGTERM/SIGINT) stops it
/// gracefully.
/// </summary>
public sealed class VrrpService(KeepalivedConfig config, DaemonOptions options, ILoggerFactory loggers, TimeProvider time)
    : IHostedService, IDaemonControl, IDisposable
{
    private readonly ILogger _log = loggers.CreateLogger("Keepalived_vrrp");
    private readonly long _started = time.GetTimestamp();
    private VrrpDaemon? _daemon;
    private PosixSignalRegistration? _hup;

    public VrrpDaemon? Daemon => _daemon;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        DaemonLog.Starting(_log, CommandLine.VersionText(), config.Instances.Length, options.ConfigFile);
        _daemon = new VrrpDaemon(config, _log, time);
        _daemon.Start();
        _hup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            _ = Task.Run(() => ReloadAsync(CancellationToken.None));
        });
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _hup?.Dispose();
        _hup = null;
        if (_daemon is null) return;
        DaemonLog.Stopping(_log);
        await _daemon.StopAsync().WaitAsync(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        _daemon.Dispose();
        _daemon = null;
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
            DaemonLog.ReloadRefused(_log, options.ConfigFile, result.Errors.Count());
            return new ReloadResult(false, diagnostics, []);
        }
        try
        {
            var changes = await daemon.ReloadAsync(result.Config).ConfigureAwait(false);
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
            var engine = daemon.Loop.Engine;
            var now = daemon.Loop.Now;
            var plans = daemon.Executor.Plans;
            var settings = daemon.Setup.Instances.ToDictionary(s => s.Name, StringComparer.Ordinal);
            var instances = engine.Snapshot().Select(i =>
            {
                var s = settings.GetValueOrDefault(i.Name);
                var vips = plans.TryGetValue(i.Name, out var p) ? p.Addresses.Select(a => $"{a.Address}/{a.PrefixLength}").ToImmutableArray() : [];
                return new InstanceReport(i, vips, s is null ? [] : [.. s.UnicastPeers.Select(x => x.ToString())],
                    s?.AdvertInterval ?? TimeSpan.Zero, s?.Preempt ?? true, now - i.LastTransition);
            }).ToImmutableArray();
            var members = daemon.Setup.Groups.ToDictionary(g => g.Name, g => g.Members, StringComparer.Ordinal);
            var groups = engine.GroupSnapshot().Select(g => new GroupReport(g.Name, g.State, members.GetValueOrDefault(g.Name, []))).ToImmutableArray();
            var wire = daemon.Transport.Counters
                .Select(c => new WireErrorReport(c.Interface, c.Family, c.Errors.Snapshot().ToImmutableDictionary(kv => kv.Key.ToString(), kv => kv.Value)))
                .ToImmutableArray();
            status = new DaemonStatus(CommandLine.VersionText(), options.ConfigFile, Environment.ProcessId, time.GetElapsedTime(_started),
                time.GetUtcNow(), instances, groups, wire, engine.UnknownVirtualRouterDrops, daemon.Reloads);
        }).WaitAsync(cancellation).ConfigureAwait(false);
        return status!;
    }

    public Task ClearCountersAsync(CancellationToken cancellation)
    {
        var daemon = _daemon ?? throw new InvalidOperationException("the daemon is not running");
        return daemon.Loop.InvokeAsync(() => daemon.Loop.Engine.ClearCounters()).WaitAsync(cancellation);
    }

    public void Dispose()
    {
        _hup?.Dispose();
        _daemon?.Dispose();
    }
}
