using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Linux.Native;
using KeepalivedSharp.Linux.Netlink;
using KeepalivedSharp.Linux.Packet;
using KeepalivedSharp.Linux.RtNetlink;
using KeepalivedSharp.Wire.Announcements;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Host;

/// <summary>
/// Carries out the engine's actions on this host: adverts on the VRRP sockets, addresses, routes
/// and rules through rtnetlink, gratuitous ARP and unsolicited NA on packet sockets, and logs.
/// Runs on the event loop thread only.
/// </summary>
public sealed class HostExecutor : IDisposable
{
    private readonly Dictionary<string, InstancePlan> _plans;
    private readonly VrrpTransport _transport;
    private readonly IAddressManager _addresses;
    private readonly IRouteManager _routes;
    private readonly IRuleManager _rules;
    private readonly Func<int, IAnnouncer> _openAnnouncer;
    private readonly Dictionary<int, IAnnouncer> _announcers = [];
    private readonly ILogger _log;
    private readonly LogRateLimiter _limiter;
    private readonly HashSet<string> _held = new(StringComparer.Ordinal);
    private readonly byte[] _frame = new byte[128];
    /// <summary>Where Notify actions go (swapped on reload).</summary>
    public Action<Core.Vrrp.Notify> NotifySink { get; set; }

    public HostExecutor(IEnumerable<InstancePlan> plans, VrrpTransport transport, RtNetlinkClient netlink,
        Func<int, IAnnouncer> openAnnouncer, Action<Core.Vrrp.Notify> notify, ILogger log, LogRateLimiter limiter)
    {
        NotifySink = notify;
        _plans = plans.ToDictionary(p => p.Name, StringComparer.Ordinal);
        _transport = transport;
        _addresses = netlink;
        _routes = netlink;
        _rules = netlink;
        _openAnnouncer = openAnnouncer;
        _log = log;
        _limiter = limiter;
    }

    /// <summary>Announcement rounds waiting for their turn (vrrp_garp_interval spacing); the loop runs them.</summary>
    public ConcurrentQueue<(TimeSpan Due, string Instance, int Rounds)> PendingRounds { get; } = new();

    /// <summary>Instances whose addresses we have added and not removed.</summary>
    public IReadOnlyCollection<string> HeldInstances => _held;

    public IReadOnlyDictionary<string, InstancePlan> Plans => _plans;

    public void Execute(EngineAction action, TimeSpan now)
    {
        switch (action)
        {
            case SendAdvert send:
                Guard(send.Instance, "sending advert", () => _transport.Send(_plans[send.Instance].Socket, send));
                break;
            case AddVirtualAddresses add:
                AddAll(_plans[add.Instance]);
                break;
            case RemoveVirtualAddresses remove:
                RemoveAll(_plans[remove.Instance]);
                break;
            case SendAnnouncements announce:
                Announce(announce.Instance, announce.Repeat, now);
                break;
            case StateChanged sc:
                if (sc.Reason == TransitionReason.Startup) DaemonLog.EnteringStateInit(_log, sc.Instance, sc.To.ToKeepalived());
                else DaemonLog.EnteringState(_log, sc.Instance, sc.To.ToKeepalived());
                break;
            case PriorityChanged pc:
                DaemonLog.PriorityChanged(_log, pc.Instance, pc.From, pc.To);
                break;
            case Core.Vrrp.Notify n:
                if (n.Kind == NotifyKind.Group) DaemonLog.GroupState(_log, n.Name, n.State.ToKeepalived());
                NotifySink(n);
                break;
            case AdvertDropped drop:
                LogDrop(drop);
                break;
        }
    }

    /// <summary>
    /// Reload, before the engine reconfigures: held instances that stay get their address, route
    /// and rule changes applied in place (new ones added, dropped ones removed); every new plan
    /// replaces its old one. Plans of instances that are gone stay until <see cref="Forget"/>, so
    /// the engine's release of them still finds their addresses.
    /// </summary>
    public void Replan(IEnumerable<InstancePlan> plans)
    {
        foreach (var p in plans)
        {
            if (_plans.TryGetValue(p.Name, out var old) && _held.Contains(p.Name))
                Move(p.Name, old.Objects, p.Objects);
            _plans[p.Name] = p;
        }
    }

    /// <summary>The static addresses, routes and rules in force.</summary>
    public HostObjects Static { get; private set; } = HostObjects.Empty;

    /// <summary>Moves the host from the current static plan to <paramref name="next"/>: adds what is new, removes what went.</summary>
    public void ApplyStatic(HostObjects next)
    {
        Move("static", Static, next);
        Static = next;
    }

    /// <summary>A static address deleted by hand is put back, as keepalived does (reinstate_static_address).</summary>
    public bool ReinstateStatic(IPAddress address, int ifindex)
    {
        var spec = Static.Addresses.FirstOrDefault(a => a.Address.Equals(address) && a.InterfaceIndex == ifindex);
        if (spec is null || AddressPresent(address, ifindex)) return false;
        Guard("static", $"reinstating {spec}", () => IgnoreErrno("EEXIST", () => _addresses.Add(spec)));
        return true;
    }

    /// <summary>Drops the plans of instances that are no longer configured.</summary>
    public void Forget(IEnumerable<string> names)
    {
        foreach (var n in names)
        {
            _plans.Remove(n);
            _held.Remove(n);
        }
    }

    /// <summary>Runs announcement rounds that are due.</summary>
    public void RunDueRounds(TimeSpan now)
    {
        int count = PendingRounds.Count;
        for (int k = 0; k < count && PendingRounds.TryDequeue(out var item); k++)
        {
            if (item.Due <= now) Announce(item.Instance, item.Rounds, now);
            else PendingRounds.Enqueue(item);
        }
    }

    public TimeSpan? NextRoundDue => PendingRounds.IsEmpty ? null : PendingRounds.Min(p => p.Due);

    /// <summary>True when <paramref name="address"/> on <paramref name="ifindex"/> is a VIP of an instance we hold.</summary>
    public string? HolderOf(IPAddress address, int ifindex)
        => _held.FirstOrDefault(name => _plans[name].Addresses.Any(a => a.Address.Equals(address) && a.InterfaceIndex == ifindex));

    /// <summary>Checks with the kernel that an address is really gone (events can arrive late).</summary>
    public bool AddressPresent(IPAddress address, int ifindex)
        => _addresses.List(address.AddressFamily).Any(a => a.InterfaceIndex == ifindex && a.Address.Equals(address));

    private void AddAll(InstancePlan p)
    {
        _held.Add(p.Name);
        Move(p.Name, HostObjects.Empty, p.Objects);
    }

    private void RemoveAll(InstancePlan p)
    {
        _held.Remove(p.Name);
        Move(p.Name, p.Objects, HostObjects.Empty);
    }

    /// <summary>
    /// Takes the host from <paramref name="from"/> to <paramref name="to"/>: removes what only the
    /// first has (rules, then routes, then addresses), then adds what only the second has
    /// (addresses, routes, rules), keepalived's order. Already there / already gone is not an error.
    /// </summary>
    private void Move(string owner, HostObjects from, HostObjects to)
    {
        foreach (var r in from.Rules.Except(to.Rules)) Guard(owner, $"removing {r}", () => IgnoreErrno("ENOENT", () => _rules.Remove(r)));
        foreach (var r in from.Routes.Except(to.Routes)) Guard(owner, $"removing route {r}", () => IgnoreErrno("ESRCH", () => _routes.Remove(r)));
        foreach (var a in from.Addresses.Except(to.Addresses)) Guard(owner, $"removing {a}", () => IgnoreErrno("EADDRNOTAVAIL", () => _addresses.Remove(a)));
        foreach (var a in to.Addresses.Except(from.Addresses)) Guard(owner, $"adding {a}", () => IgnoreErrno("EEXIST", () => _addresses.Add(a)));
        foreach (var r in to.Routes.Except(from.Routes)) Guard(owner, $"adding route {r}", () => IgnoreErrno("EEXIST", () => _routes.Add(r)));
        foreach (var r in to.Rules.Except(from.Rules)) Guard(owner, $"adding {r}", () => IgnoreErrno("EEXIST", () => _rules.Add(r)));
    }

    private void Announce(string instance, int rounds, TimeSpan now)
    {
        var p = _plans[instance];
        if (!_held.Contains(instance)) return;
        Guard(instance, "sending gratuitous ARP/NA", () =>
        {
            if (!_announcers.TryGetValue(p.AnnounceIndex, out var announcer))
                _announcers[p.AnnounceIndex] = announcer = _openAnnouncer(p.AnnounceIndex);
            foreach (var a in p.Addresses)
            {
                int n = a.Family == AddressFamily.InterNetworkV6
                    ? UnsolicitedNeighborAdvertisement.Write(_frame, p.AnnounceMac, a.Address, router: false)
                    : GratuitousArp.Write(_frame, p.AnnounceMac, a.Address);
                announcer.Send(_frame.AsSpan(0, n));
            }
        });
        if (rounds <= 1) return;
        if (p.GarpInterval > TimeSpan.Zero) PendingRounds.Enqueue((now + p.GarpInterval, instance, rounds - 1));
        else Announce(instance, rounds - 1, now);
    }

    private void LogDrop(AdvertDropped drop)
    {
        string key = drop.Instance is null ? $"unknown:{drop.Source}" : $"drop:{drop.Instance}:{drop.Reason}";
        if (!_limiter.TryAcquire(key, out var suppressed)) return;
        if (suppressed > 0) DaemonLog.Suppressed(_log, suppressed);
        if (drop.Instance is null) DaemonLog.UnknownVrid(_log, drop.Source, drop.Detail);
        else DaemonLog.AdvertDropped(_log, drop.Instance, drop.Source, drop.Reason.ToString(), drop.Detail);
    }

    private void Guard(string instance, string operation, Action action)
    {
        try
        {
            action();
        }
        catch (Exception e) when (e is LinuxNativeException or InvalidOperationException or ArgumentException or IOException or SocketException)
        {
            DaemonLog.HostOperationFailed(_log, instance, operation, e.Message);
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

    public void Dispose()
    {
        foreach (var a in _announcers.Values) a.Dispose();
        _announcers.Clear();
    }
}
