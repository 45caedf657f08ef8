using KeepalivedSharp.Host.Planning;
using KeepalivedSharp.Host.Ports;
using KeepalivedSharp.Linux.Native;
using KeepalivedSharp.Linux.RtNetlink;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Host.Network;

/// <summary>
/// Puts addresses, routes and rules on the host through the address, route and rule managers
/// (rtnetlink in the daemon, an in-memory table in the simulator). Synchronous: the daemon runs it
/// on its network worker, off the advert path.
/// </summary>
public sealed class HostObjectsMover(IAddressManager addresses, IRouteManager routes, IRuleManager rules, ILogger log) : IHostNetwork
{
    /// <summary>
    /// Removes what only <paramref name="from"/> has (rules, then routes, then addresses), then adds
    /// what only <paramref name="to"/> has (addresses, routes, rules): keepalived's order. Already
    /// there, or already gone, is not an error; any other failure is logged and the rest goes on.
    /// </summary>
    public void Move(string owner, HostObjects from, HostObjects to)
    {
        foreach (var r in from.Rules.Except(to.Rules)) Guard(owner, $"removing {r}", () => IgnoreErrno("ENOENT", () => rules.Remove(r)));
        foreach (var r in from.Routes.Except(to.Routes)) Guard(owner, $"removing route {r}", () => IgnoreErrno("ESRCH", () => routes.Remove(r)));
        foreach (var a in from.Addresses.Except(to.Addresses)) Guard(owner, $"removing {a}", () => IgnoreErrno("EADDRNOTAVAIL", () => addresses.Remove(a)));
        foreach (var a in to.Addresses.Except(from.Addresses)) Guard(owner, $"adding {a}", () => IgnoreErrno("EEXIST", () => addresses.Add(a)));
        foreach (var r in to.Routes.Except(from.Routes)) Guard(owner, $"adding route {r}", () => IgnoreErrno("EEXIST", () => routes.Add(r)));
        foreach (var r in to.Rules.Except(from.Rules)) Guard(owner, $"adding {r}", () => IgnoreErrno("EEXIST", () => rules.Add(r)));
    }

    private void Guard(string owner, string operation, Action action)
    {
        try
        {
            action();
        }
        catch (Exception e) when (e is LinuxNativeException or InvalidOperationException or ArgumentException or IOException or TimeoutException)
        {
            DaemonLog.HostOperationFailed(log, owner, operation, e.Message);
        }
    }

    private static void IgnoreErrno(string errno, Action action)
    {
        try
        {
            action();
        }
        catch (LinuxNativeException e) when (e.ErrorName == errno)
        {
        }
    }
}
