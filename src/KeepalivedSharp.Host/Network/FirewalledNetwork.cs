using KeepalivedSharp.Host.Planning;
using KeepalivedSharp.Host.Ports;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Host.Network;

/// <summary>
/// Host moves with accept mode: the drop rules for an instance's addresses go in before the
/// addresses and come out after them (vrrp.c vrrp_state_become_master / vrrp_restore_interface),
/// so no moment has a VIP on the host unguarded. A firewall failure is logged; the move goes on,
/// as keepalived adds the VIPs whatever nftables answered.
/// </summary>
public sealed class FirewalledNetwork(IHostNetwork inner, IVipFirewall firewall, ILogger log) : IHostNetwork
{
    public void Move(string owner, HostObjects from, HostObjects to)
    {
        var drop = to.Dropped.Except(from.Dropped).ToList();
        if (drop.Count > 0) Guard(owner, "setting firewall drop rules", () => firewall.Drop(drop));
        inner.Move(owner, from, to);
        var accept = from.Dropped.Except(to.Dropped).ToList();
        if (accept.Count > 0) Guard(owner, "removing firewall drop rules", () => firewall.Accept(accept));
    }

    private void Guard(string owner, string what, Action action)
    {
        try
        {
            action();
        }
        catch (Exception e) when (e is Linux.Native.LinuxNativeException or InvalidOperationException)
        {
            DaemonLog.HostOperationFailed(log, owner, what, e.Message);
        }
    }
}
