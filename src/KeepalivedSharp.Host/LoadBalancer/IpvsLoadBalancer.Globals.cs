using KeepalivedSharp.Config;
using KeepalivedSharp.Core.Check;
using KeepalivedSharp.Linux.Ipvs;
using KeepalivedSharp.Linux.Native;

namespace KeepalivedSharp.Host.LoadBalancer;

/// <summary>
/// global_defs' IPVS keywords, as keepalived 2.2.7's check_daemon.c start_check, ipwrapper.c
/// clear_services and libipvs.c ipvs_set_timeout apply them.
/// </summary>
public sealed partial class IpvsLoadBalancer
{
    private LvsSettings _lvs;
    /// <summary>The kernel's timeouts before our first change; null while we changed none.</summary>
    private IpvsTimeouts? _original;

    /// <summary>At checker start: lvs_timeouts, then lvs_flush (start_check's order; a reload flushes nothing).</summary>
    internal void Start()
    {
        ApplyTimeouts(_lvs.Timeouts);
        if (!_lvs.Flush) return;
        try
        {
            _ipvs.Flush();
        }
        catch (LinuxNativeException e)
        {
            LoadBalancerLog.FlushFailed(_log, e.Message);
        }
    }

    /// <summary>At a reload: the new lvs_timeouts, or the kernel's own again when none are given now; lvs_flush_on_stop follows.</summary>
    public void Reconfigure(LvsSettings lvs)
    {
        _lvs = lvs;
        if (lvs.Timeouts.Any) ApplyTimeouts(lvs.Timeouts);
        else RestoreTimeouts();
    }

    /// <summary>
    /// ipvs_set_timeout: the kernel's values are saved before the first change; an option not given
    /// is sent as the saved value.
    /// </summary>
    private void ApplyTimeouts(LvsTimeouts t)
    {
        if (!t.Any) return;
        try
        {
            var o = _original ??= _ipvs.GetTimeouts();
            _ipvs.SetTimeouts(new IpvsTimeouts(t.Tcp != 0 ? t.Tcp : o.Tcp, t.TcpFin != 0 ? t.TcpFin : o.TcpFin, t.Udp != 0 ? t.Udp : o.Udp));
        }
        catch (LinuxNativeException e)
        {
            LoadBalancerLog.TimeoutsFailed(_log, e.Message);
        }
    }

    /// <summary>
    /// ipvswrapper.c ipvs_stop: keepalived restores the timeouts it saved at every exit, with -I too,
    /// and so do we (from <see cref="Dispose"/>, after the table is released or kept).
    /// </summary>
    private void RestoreTimeouts()
    {
        if (_original is not { } o) return;
        try
        {
            _ipvs.SetTimeouts(o);
            _original = null;
        }
        catch (LinuxNativeException e)
        {
            LoadBalancerLog.TimeoutsFailed(_log, e.Message);
        }
    }

    /// <summary>
    /// clear_services: lvs_flush_on_stop flushes the whole table (others' entries too); with VS our
    /// services are deleted without their destinations first (the kernel drops those with them);
    /// otherwise destinations, then services, one by one.
    /// </summary>
    private List<string> Clear()
    {
        switch (_lvs.FlushOnStop)
        {
            case LvsFlushOnStop.Full:
                try
                {
                    _ipvs.Flush();
                    return [];
                }
                catch (LinuxNativeException e)
                {
                    LoadBalancerLog.FlushFailed(_log, e.Message);
                    return [$"IPVS FLUSH: {e.Message}"];
                }
            case LvsFlushOnStop.Vs:
                return Run([.. TableDiff.Diff(Applied, LoadBalancerTable.Empty).Where(op => op is DeleteService)], log: true);
            default:
                return Run(TableDiff.Diff(Applied, LoadBalancerTable.Empty), log: true);
        }
    }
}
