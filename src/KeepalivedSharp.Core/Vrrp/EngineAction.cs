using System.Collections.Immutable;
using System.Net;

namespace KeepalivedSharp.Core.Vrrp;

/// <summary>What the engine asks the host to do. The engine never performs I/O itself.</summary>
public abstract record EngineAction;

/// <summary>Send an advert from <see cref="Source"/> to the multicast group, or to each unicast peer.</summary>
public sealed record SendAdvert(string Instance, string Interface, IPAddress Source, ImmutableArray<IPAddress> UnicastPeers, Advertisement Advert) : EngineAction
{
    /// <summary>unicast_ttl for the unicast copies; null keeps the socket's 255.</summary>
    public int? UnicastTtl { get; init; }
}

/// <summary>Add the instance's VIPs, excluded VIPs, virtual routes and rules (keepalived's order).</summary>
public sealed record AddVirtualAddresses(string Instance) : EngineAction;

/// <summary>Remove the instance's virtual rules, routes and addresses.</summary>
public sealed record RemoveVirtualAddresses(string Instance) : EngineAction;

/// <summary>
/// Send one gratuitous ARP (IPv4) or unsolicited neighbour advert (IPv6) for one of the instance's
/// addresses, now. The engine has already applied every GARP timing setting (rounds, delays,
/// refresh, vrrp_garp_interval / vrrp_gna_interval spacing).
/// </summary>
public sealed record SendAnnouncement(string Instance, IPAddress Address) : EngineAction;

/// <summary>A state change, with its cause, for logs, status, notify and the simulator.</summary>
public sealed record StateChanged(string Instance, VrrpState From, VrrpState To, int Priority, TransitionReason Reason) : EngineAction;

/// <summary>Run notify scripts / fifo / SMTP for an instance ("INSTANCE") or a sync group ("GROUP").</summary>
public sealed record RunNotify(NotifyKind Kind, string Name, VrrpState State, int Priority, NotifyScope Scope = NotifyScope.Transition) : EngineAction;

/// <summary>What a <see cref="RunNotify"/> runs (keepalived vrrp_notify.c).</summary>
public enum NotifyScope
{
    /// <summary>A state change: the state's script, <c>notify</c>, the FIFO line and mail.</summary>
    Transition,
    /// <summary>
    /// A reload removed the instance (clear_diff_vrrp): DELETED with notify_deleted, else FAULT. Of the state scripts only
    /// notify_deleted's runs: send_instance_notifies picks it while the state is still DELETED, then reports FAULT.
    /// </summary>
    Removed,
    /// <summary>fifo_write_vrrp_states_on_reload: an unchanged state written to the FIFO again, nothing else.</summary>
    FifoOnly,
}

/// <summary>
/// keepalived's notify events that are not state changes (vrrp_notify.c send_event_notify and
/// send_instance_priority_notifies): a FIFO line <c>INSTANCE "VI_1" MASTER_RX_LOWER_PRI 100</c>, and for a lower
/// priority advert also notify_master_rx_lower_pri.
/// </summary>
public sealed record InstanceEvent(string Instance, NotifyEvent Event, int Priority) : EngineAction;

public enum NotifyEvent
{
    /// <summary>A MASTER heard a lower priority advert (VRRP_EVENT_MASTER_RX_LOWER_PRI).</summary>
    MasterRxLowerPriority,
    /// <summary>notify_priority_changes while MASTER (VRRP_EVENT_MASTER_PRIORITY_CHANGE).</summary>
    MasterPriority,
    /// <summary>notify_priority_changes in any other state (VRRP_EVENT_BACKUP_PRIORITY_CHANGE).</summary>
    BackupPriority,
}

public enum NotifyKind
{
    Instance,
    Group,
}

/// <summary>An advert was dropped by the protocol checks. The host logs these at a limited rate.
/// Vrid and Interface say where an advert for no instance (Instance null) came in.</summary>
public sealed record AdvertDropped(string? Instance, DropReason Reason, IPAddress Source, string Detail, int Vrid = 0, string? Interface = null)
    : EngineAction;

/// <summary>An effective-priority change caused by trackers.</summary>
public sealed record PriorityChanged(string Instance, int From, int To) : EngineAction;

/// <summary>
/// Call <c>Tick</c> at this monotonic time: the earliest pending deadline. Emitted only when that
/// changes, so it replaces the host's previous timer; after a <c>Tick</c> it is emitted again if
/// anything is armed. When nothing is armed no action comes and a stale timer fires harmlessly.
/// </summary>
public sealed record ArmTimer(TimeSpan At) : EngineAction;

/// <summary>
/// Start run <see cref="Run"/> of vrrp_script <see cref="Script"/> now and report its result with
/// that number. The engine owns the schedule (interval, timeout, skip while running).
/// </summary>
public sealed record RunScript(string Script, long Run) : EngineAction;

/// <summary>
/// Run <see cref="Run"/> of <see cref="Script"/> passed its <see cref="Timeout"/>: kill its process
/// group (TERM, then KILL 2 s later) and report when it is reaped. The engine has counted it as a failure.
/// </summary>
public sealed record ScriptTimedOut(string Script, long Run, TimeSpan Timeout) : EngineAction;

/// <summary>A run of <see cref="Script"/> was due while the last one was still going (or being killed): skipped.</summary>
public sealed record ScriptSkipped(string Script, bool TimingOut) : EngineAction;
