using KeepalivedSharp.Host.Vrrp;
using KeepalivedSharp.Linux.Native;
using KeepalivedSharp.Linux.Netlink;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Host.Network;

/// <summary>
/// Re-reads the links and posts the state of every watched interface to the loop, a missing one as
/// down: after the monitor lost events (a receive-buffer overrun) and after a request failed with
/// ENODEV. ENODEV means the interface index is gone; keepalived learns that from RTM_DELLINK and
/// puts the instance in FAULT. Reading the links again, rather than posting "down" outright, keeps
/// a late failure from faulting an interface that has meanwhile come back.
/// </summary>
/// <param name="ledger">Told of deleted links (their addresses are gone with them); null: not recorded.</param>
public sealed class LinkResync(Func<IReadOnlyList<LinkInfo>> links, Func<IEnumerable<string>> watched, Action<VrrpInput> post, ILogger log,
    HostAddressLedger? ledger = null)
{
    /// <summary>
    /// One RTM_NEWLINK or RTM_DELLINK from the monitor: a watched link's state is posted with its
    /// ifindex. A deleted link's addresses leave the ledger at once: status never claims a VIP on an
    /// interface that is gone.
    /// </summary>
    public void OnLinkEvent(LinkInfo link, bool removed)
    {
        if (removed) ledger?.LinkGone(link.Index);
        if (watched().Contains(link.Name)) post(new LinkInput(link.Name, !removed && link.IsRunning, link.Index));
    }

    /// <summary>Posts the current state of every watched interface.</summary>
    public void Resync()
    {
        var byName = new Dictionary<string, LinkInfo>(StringComparer.Ordinal);
        foreach (var l in links()) byName.TryAdd(l.Name, l);
        foreach (var name in watched()) post(byName.TryGetValue(name, out var l) ? new LinkInput(name, l.IsRunning, l.Index) : new LinkInput(name, false));
    }

    /// <summary>For <see cref="HostObjectsMover"/>'s failures: ENODEV re-reads the links; other errors are only logged (by the mover).</summary>
    public void OnFailure(HostFailure failure)
    {
        if (failure.Error.ErrorNumber != Errno.ENODEV) return;
        DaemonLog.InterfaceGone(log, failure.Owner, failure.Operation, failure.InterfaceIndex ?? 0);
        try
        {
            Resync();
        }
        catch (LinuxNativeException e)
        {
            DaemonLog.HostOperationFailed(log, failure.Owner, "re-reading links", e.Message);
        }
    }
}
