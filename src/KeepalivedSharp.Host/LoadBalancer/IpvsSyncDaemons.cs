using KeepalivedSharp.Config;
using KeepalivedSharp.Host.Ports;
using KeepalivedSharp.Linux.Ipvs;
using KeepalivedSharp.Linux.Native;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Host.LoadBalancer;

/// <summary>
/// The sync daemons over IPVS generic netlink (NEW_DAEMON, DEL_DAEMON), each side on its own socket as
/// keepalived's VRRP and checker processes each open theirs. Errors as ipvswrapper.c ipvs_talk logs them:
/// <c>IPVS cmd IP_VS_SO_SET_STARTDAEMON(1163) error: Daemon has already run(17)</c>.
/// </summary>
public sealed class IpvsSyncDaemons(IIpvs ipvs, ILogger log) : ISyncDaemons
{
    /// <summary>
    /// The daemons for <paramref name="choice"/> (--lb-backend), or null with a warning when the load balancer
    /// here is not IPVS: sync daemons are IPVS's, nftables has nothing like them.
    /// </summary>
    public static ISyncDaemons? Open(string choice, ILogger log)
    {
        if (choice is "ipvs" or LoadBalancerBackends.Auto && LoadBalancerBackends.KernelHasIpvs)
        {
            try
            {
                return new IpvsSyncDaemons(IpvsClient.Open(), log);
            }
            catch (LinuxNativeException e)
            {
                LoadBalancerLog.SyncDaemonUnavailable(log, $"IPVS: Can't initialize ipvs: {e.Message}");
                return null;
            }
        }
        LoadBalancerLog.SyncDaemonUnavailable(log, NoEffect(LoadBalancerBackends.Expected(choice)));
        return null;
    }

    /// <summary>The words of the daemon's log and of -t's warning.</summary>
    public static string NoEffect(string backend) => $"lvs_sync_daemon has no effect with the {backend} load balancer (IPVS only)";

    public void Start(SyncRole role, LvsSyncDaemon daemon, bool ignoreError = false)
        => Talk(IpvsCommand.NewDaemon, ignoreError, () => ipvs.StartDaemon(new IpvsDaemon(State(role), daemon.Interface, daemon.SyncId ?? 0,
            daemon.MaxLength, daemon.Port, daemon.Ttl, daemon.Group)));

    public void Stop(SyncRole role, int syncId, bool ignoreError = false)
        => Talk(IpvsCommand.DelDaemon, ignoreError, () => ipvs.StopDaemon(State(role), syncId));

    private void Talk(IpvsCommand command, bool ignoreError, Action call)
    {
        try
        {
            call();
        }
        catch (LinuxNativeException e)
        {
            if (!ignoreError) LoadBalancerLog.CommandFailed(log, IpvsErrors.Line(command, e.ErrorNumber));
        }
    }

    private static IpvsDaemonState State(SyncRole role) => role == SyncRole.Master ? IpvsDaemonState.Master : IpvsDaemonState.Backup;

    public void Dispose() => ipvs.Dispose();
}
