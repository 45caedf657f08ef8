using KeepalivedSharp.Config;
using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Host.Ports;

namespace KeepalivedSharp.Host.LoadBalancer;

/// <summary>
/// lvs_sync_daemon with an instance, on the VRRP side (keepalived 2.2.7's VRRP process): the backup daemon
/// runs from start (vrrp_scheduler.c vrrp_init_state), the master one while the instance is MASTER
/// (vrrp.c vrrp_state_master_tx: ipvs_syncd_master), the backup again when it leaves MASTER for BACKUP or
/// FAULT (vrrp_state_leave_master: ipvs_syncd_backup), and the one of its state stops at exit
/// (vrrp_daemon.c vrrp_terminate_phase1). It reacts to the engine's state changes; the port is opened
/// when first needed. Called on the VRRP loop only.
/// </summary>
public sealed class InstanceSyncDaemon(Func<ISyncDaemons?> open) : IDisposable
{
    private readonly Dictionary<string, VrrpState> _states = new(StringComparer.Ordinal);
    private LvsSyncDaemon? _config;
    private readonly Lazy<ISyncDaemons?> _port = new(open, LazyThreadSafetyMode.None);
    private bool _stopped;

    /// <summary>The config's lvs_sync_daemon when it names an instance, else null (the checker runs it).</summary>
    public static LvsSyncDaemon? Of(LvsSettings lvs) => lvs.SyncDaemon is { Instance: not null } d ? d : null;

    /// <summary>At VRRP start, before the instances: the backup daemon.</summary>
    public void Start(LvsSettings lvs)
    {
        _config = Of(lvs);
        if (_config is { } d) Port()?.Start(SyncRole.Backup, d);
    }

    /// <summary>Every action the engine's step carried out; only state changes of the named instance matter.</summary>
    public void Observe(EngineAction action)
    {
        if (action is not StateChanged sc || _stopped) return;
        _states[sc.Instance] = sc.To;
        if (_config is not { } d || sc.Instance != d.Instance) return;
        if (sc.To == VrrpState.Master && sc.From != VrrpState.Master) Swap(d, from: SyncRole.Backup, to: SyncRole.Master);
        else if (sc.From == VrrpState.Master && sc.To != VrrpState.Master) Swap(d, from: SyncRole.Master, to: SyncRole.Backup);
    }

    /// <summary>
    /// At a reload: a changed daemon (ipvs_syncd_changed) or instance is stopped and started again with the
    /// new settings, in the role of its instance's state; one no longer configured stops.
    /// </summary>
    public void Reconfigure(LvsSettings lvs)
    {
        var next = Of(lvs);
        var old = _config;
        _config = next;
        if (old is not null && next is not null && old.SameDaemon(next) && old.Instance == next.Instance) return;
        if (old is not null)
        {
            Port()?.Stop(SyncRole.Master, old.SyncId ?? 0, ignoreError: true);
            Port()?.Stop(SyncRole.Backup, old.SyncId ?? 0, ignoreError: true);
        }
        if (next is not null) Port()?.Start(RoleOf(next), next);
    }

    /// <summary>At VRRP stop, before the instances leave their states: the daemon of the instance's state stops.</summary>
    public void Stop()
    {
        if (_stopped) return;
        _stopped = true;
        if (_config is { } d) Port()?.Stop(RoleOf(d), d.SyncId ?? 0);
    }

    private SyncRole RoleOf(LvsSyncDaemon d) => _states.GetValueOrDefault(d.Instance!) == VrrpState.Master ? SyncRole.Master : SyncRole.Backup;

    /// <summary>ipvswrapper.c ipvs_syncd_master / ipvs_syncd_backup: stop one, start the other.</summary>
    private void Swap(LvsSyncDaemon d, SyncRole from, SyncRole to)
    {
        Port()?.Stop(from, d.SyncId ?? 0);
        Port()?.Start(to, d);
    }

    private ISyncDaemons? Port() => _port.Value;

    public void Dispose()
    {
        if (_port.IsValueCreated) _port.Value?.Dispose();
    }
}

/// <summary>
/// lvs_sync_daemon without an instance, on the checker side (check_daemon.c start_check and
/// checker_terminate_phase2): master and backup run together from start to exit; any left from an
/// earlier run are stopped first. Called on the check loop, or after it stopped.
/// </summary>
public sealed class CheckerSyncDaemons(Func<ISyncDaemons?> open) : IDisposable
{
    private LvsSyncDaemon? _config;
    private readonly Lazy<ISyncDaemons?> _port = new(open, LazyThreadSafetyMode.None);

    /// <summary>The config's lvs_sync_daemon when it names no instance, else null.</summary>
    public static LvsSyncDaemon? Of(LvsSettings lvs) => lvs.SyncDaemon is { Instance: null } d ? d : null;

    public void Start(LvsSettings lvs) => Reconfigure(lvs);

    /// <summary>At a reload: a changed daemon is stopped and started again; one no longer configured stops.</summary>
    public void Reconfigure(LvsSettings lvs)
    {
        var next = Of(lvs);
        var old = _config;
        _config = next;
        if (old is not null && old.SameDaemon(next)) return;
        if (old is not null || next is not null) StopBoth();
        if (next is null) return;
        // ipvs_syncd_cmd with IPVS_MASTER_BACKUP: master first.
        Port()?.Start(SyncRole.Master, next);
        Port()?.Start(SyncRole.Backup, next);
    }

    public void Stop()
    {
        if (_config is null) return;
        StopBoth();
        _config = null;
    }

    /// <summary>keepalived stops both without a config (sync id 0) and without a word if none runs.</summary>
    private void StopBoth()
    {
        Port()?.Stop(SyncRole.Master, 0, ignoreError: true);
        Port()?.Stop(SyncRole.Backup, 0, ignoreError: true);
    }

    private ISyncDaemons? Port() => _port.Value;

    public void Dispose()
    {
        if (_port.IsValueCreated) _port.Value?.Dispose();
    }
}
