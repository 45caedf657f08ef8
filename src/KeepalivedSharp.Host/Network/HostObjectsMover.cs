using KeepalivedSharp.Host.Planning;
using KeepalivedSharp.Host.Ports;
using KeepalivedSharp.Linux.Native;
using KeepalivedSharp.Linux.Netlink;
using KeepalivedSharp.Linux.RtNetlink;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Host.Network;

/// <summary>
/// Puts addresses, routes and rules on the host through the address, route and rule managers
/// (rtnetlink in the daemon, an in-memory table in the simulator). Synchronous: the daemon runs it
/// on its network worker, off the advert path.
/// </summary>
/// <param name="ledger">Where confirmed addresses are recorded (status reads it); null: not recorded.</param>
/// <param name="failed">Told of every failure that stays a failure after its retries.</param>
/// <param name="pause">Waits between retries (Thread.Sleep; tests pass their own).</param>
public sealed class HostObjectsMover(IAddressManager addresses, IRouteManager routes, IRuleManager rules, ILogger log,
    HostAddressLedger? ledger = null, Action<HostFailure>? failed = null, Action<TimeSpan>? pause = null) : IHostNetwork
{
    /// <summary>
    /// Attempts of one request when the kernel answers EBUSY, ENOBUFS, EAGAIN or EINTR: it could
    /// not take the request just now (a busy lock, a full socket buffer, memory pressure). keepalived
    /// logs and gives up at once (netlink_talk); a short bounded retry on the worker costs no advert.
    /// </summary>
    public const int Attempts = 3;

    private static readonly TimeSpan[] Backoff = [TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50)];
    private readonly Action<TimeSpan> _pause = pause ?? Thread.Sleep;

    /// <summary>
    /// Removes what only <paramref name="from"/> has (rules, then routes, then addresses), then adds
    /// what only <paramref name="to"/> has (addresses, routes, rules): keepalived's order. Already
    /// there, or already gone, is not an error; any other failure is logged and the rest goes on.
    /// </summary>
    public void Move(string owner, HostObjects from, HostObjects to)
    {
        foreach (var r in from.Rules.Except(to.Rules)) Guard(owner, $"removing {r}", null, () => IgnoreErrno(Errno.ENOENT, () => rules.Remove(r)));
        foreach (var r in from.Routes.Except(to.Routes)) Guard(owner, $"removing route {r}", null, () => IgnoreErrno(Errno.ESRCH, () => routes.Remove(r)));
        foreach (var a in from.Addresses.Except(to.Addresses)) RemoveAddress(owner, a);
        foreach (var a in to.Addresses.Except(from.Addresses))
        {
            if (Guard(owner, $"adding {a}", a.InterfaceIndex, () => IgnoreErrno(Errno.EEXIST, () => addresses.Add(a)))) ledger?.Added(owner, a);
        }
        foreach (var r in to.Routes.Except(from.Routes)) Guard(owner, $"adding route {r}", null, () => IgnoreErrno(Errno.EEXIST, () => routes.Add(r)));
        foreach (var r in to.Rules.Except(from.Rules)) Guard(owner, $"adding {r}", null, () => IgnoreErrno(Errno.EEXIST, () => rules.Add(r)));
    }

    private void RemoveAddress(string owner, AddressSpec a)
    {
        // ENODEV: the interface went and took the address with it; it is off the host either way.
        bool gone = Guard(owner, $"removing {a}", a.InterfaceIndex, () => IgnoreErrno(Errno.EADDRNOTAVAIL, () => addresses.Remove(a)), out var error)
            || error?.ErrorNumber == Errno.ENODEV;
        if (gone) ledger?.Removed(owner, a);
    }

    private bool Guard(string owner, string operation, int? ifindex, Action action) => Guard(owner, operation, ifindex, action, out _);

    /// <summary>Runs one request with its retries; true when it succeeded. A failure is logged and reported.</summary>
    private bool Guard(string owner, string operation, int? ifindex, Action action, out LinuxNativeException? error)
    {
        error = null;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                action();
                if (attempt > 1) DaemonLog.HostOperationRetried(log, owner, operation, attempt);
                return true;
            }
            catch (LinuxNativeException e) when (IsTransient(e.ErrorNumber) && attempt < Attempts)
            {
                _pause(Backoff[attempt - 1]);
            }
            catch (LinuxNativeException e)
            {
                error = e;
                DaemonLog.HostOperationFailed(log, owner, attempt > 1 ? $"{operation} (after {attempt} attempts)" : operation, e.Message);
                failed?.Invoke(new HostFailure(owner, operation, ifindex, e));
                return false;
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or IOException or TimeoutException)
            {
                DaemonLog.HostOperationFailed(log, owner, operation, e.Message);
                return false;
            }
        }
    }

    private static bool IsTransient(int errno) => errno is Errno.EBUSY or Errno.ENOBUFS or Errno.EAGAIN or Errno.EINTR;

    private static void IgnoreErrno(int errno, Action action)
    {
        try
        {
            action();
        }
        catch (LinuxNativeException e) when (e.ErrorNumber == errno)
        {
        }
    }
}
