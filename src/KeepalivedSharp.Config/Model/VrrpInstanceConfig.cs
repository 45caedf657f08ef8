using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using KeepalivedSharp.Wire.Vrrp;

namespace KeepalivedSharp.Config;

public enum InstanceInitialState
{
    Backup,
    Master,
}

/// <summary>
/// <c>authentication { auth_type PASS|AH  auth_pass X }</c> (VRRPv2 only, RFC 2338 section 5.3.6): the wire's
/// type, <see cref="VrrpAuthType.Password"/> or <see cref="VrrpAuthType.IpAh"/>.
/// </summary>
public sealed record VrrpAuthentication(VrrpAuthType Type, string Password);

/// <summary>A reference from an instance or sync group to a tracked object, e.g. <c>chk_x weight -10 reverse</c>.</summary>
public sealed record TrackRef(string Name, int? Weight, bool Reverse, SourceLocation Location);

/// <summary>A <c>unicast_peer</c> entry.</summary>
public sealed record UnicastPeer(IPAddress Address, int? MinTtl, int? MaxTtl, SourceLocation Location)
{
    /// <summary>vrrp_data.c alloc_vrrp_unicast_peer: min_ttl 0 and max_ttl 255 unless given.</summary>
    public int Min => MinTtl ?? 0;
    public int Max => MaxTtl ?? 255;
    public bool HasTtlRange => MinTtl is not null || MaxTtl is not null;
}

/// <summary>One <c>vrrp_instance</c>. Defaults are keepalived 2.2.7's.</summary>
public sealed record VrrpInstanceConfig
{
    public required string Name { get; init; }
    public required SourceLocation Location { get; init; }
    /// <summary>From <c>state</c>; when absent keepalived derives it: MASTER iff priority is 255.</summary>
    public InstanceInitialState InitialState { get; init; } = InstanceInitialState.Backup;
    /// <summary>True when <c>state</c> was written.</summary>
    public bool StateConfigured { get; init; }
    /// <summary>The interface, or null for a unicast instance without one.</summary>
    public string? Interface { get; init; }
    public int VirtualRouterId { get; init; }
    /// <summary>Base priority; keepalived: 100 by default, but 255 when unset and <c>state MASTER</c>.</summary>
    public int Priority { get; init; } = 100;
    public TimeSpan AdvertInterval { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>Resolved: instance <c>version</c>, else 3 for IPv6, else global <c>vrrp_version</c>, else 2.</summary>
    public int Version { get; init; } = 2;
    public bool Nopreempt { get; init; }
    public TimeSpan PreemptDelay { get; init; }
    public VrrpAuthentication? Authentication { get; init; }
    public ImmutableArray<VirtualAddress> VirtualAddresses { get; init; } = [];
    public ImmutableArray<VirtualAddress> ExcludedAddresses { get; init; } = [];
    public ImmutableArray<VirtualRoute> VirtualRoutes { get; init; } = [];
    public ImmutableArray<VirtualRule> VirtualRules { get; init; } = [];
    public IPAddress? UnicastSourceIp { get; init; }
    public ImmutableArray<IPAddress> UnicastPeers { get; init; } = [];
    /// <summary>The peers with their per-peer options.</summary>
    public ImmutableArray<UnicastPeer> UnicastPeerEntries { get; init; } = [];
    public IPAddress? McastSourceIp { get; init; }
    public IPAddress? McastDestinationIp { get; init; }
    public ImmutableArray<TrackRef> TrackScripts { get; init; } = [];
    public ImmutableArray<TrackRef> TrackInterfaces { get; init; } = [];
    public ImmutableArray<TrackRef> TrackFiles { get; init; } = [];
    public ImmutableArray<TrackRef> TrackProcesses { get; init; } = [];
    public bool DontTrackPrimary { get; init; }
    /// <summary><c>notify_master "COMMAND" [USER [GROUP]]</c>; likewise the other notify scripts.</summary>
    public NotifyScript? NotifyMasterScript { get; init; }
    public NotifyScript? NotifyBackupScript { get; init; }
    public NotifyScript? NotifyFaultScript { get; init; }
    public NotifyScript? NotifyStopScript { get; init; }
    /// <summary><c>notify_deleted</c>; a bare <c>notify_deleted</c> (report DELETED instead of FAULT, no script) has an empty command.</summary>
    public NotifyScript? NotifyDeletedScript { get; init; }
    /// <summary>The generic <c>notify</c> script.</summary>
    public NotifyScript? NotifyScript { get; init; }
    public NotifyScript? NotifyMasterRxLowerPriScript { get; init; }
    /// <summary>The command of <see cref="NotifyMasterScript"/> (without its user/group); likewise below.</summary>
    public string? NotifyMaster => NotifyMasterScript?.Command;
    public string? NotifyBackup => NotifyBackupScript?.Command;
    public string? NotifyFault => NotifyFaultScript?.Command;
    public string? NotifyStop => NotifyStopScript?.Command;
    public string? NotifyDeleted => NotifyDeletedScript?.Command;
    public string? Notify => NotifyScript?.Command;
    public string? NotifyMasterRxLowerPri => NotifyMasterRxLowerPriScript?.Command;
    /// <summary>null = not written here (inherit from sync group / global).</summary>
    public bool? SmtpAlert { get; init; }
    /// <summary><c>notify_priority_changes</c>; null = not written (the sync group's, else the global <c>vrrp_notify_priority_changes</c>).</summary>
    public bool? NotifyPriorityChanges { get; init; }
    public TimeSpan GarpMasterDelay { get; init; } = TimeSpan.FromSeconds(5);
    public int GarpMasterRepeat { get; init; } = 5;
    public TimeSpan GarpMasterRefresh { get; init; }
    public int GarpMasterRefreshRepeat { get; init; } = 1;
    /// <summary>null = not written (the global <c>vrrp_garp_lower_prio_delay</c> applies).</summary>
    public TimeSpan? GarpLowerPrioDelay { get; init; }
    public int? GarpLowerPrioRepeat { get; init; }
    public bool UseVmac { get; init; }
    public string? VmacName { get; init; }
    public bool VmacXmitBase { get; init; }
    /// <summary>keepalived: accept unless strict mode (owner always accepts); <c>no_accept</c> clears it.</summary>
    public bool Accept { get; init; } = true;
    public bool LowerPrioNoAdvert { get; init; }
    public bool HigherPrioSendAdvert { get; init; }
    public bool NativeIpv6 { get; init; }
    /// <summary>Resolved: instance <c>strict_mode</c>, else global <c>vrrp_strict</c>.</summary>
    public bool StrictMode { get; init; }
    public bool SkipCheckAdvAddr { get; init; }
    public bool CheckUnicastSrc { get; init; }
    public bool UnicastFaultNoPeer { get; init; }
    public int? UnicastTtl { get; init; }
    public bool PromoteSecondaries { get; init; }
    public int DownTimerAdverts { get; init; } = 3;
    /// <summary>garp_extra_if as written; resolved against vrrp_garp_extra_if (<see cref="GarpExtraIf.Over"/>).</summary>
    public GarpExtraIf GarpExtraIf { get; init; } = GarpExtraIf.Unset;
    public AddressFamily Family { get; init; } = AddressFamily.InterNetwork;
    /// <summary>Keywords known to keepalived but not modelled with typed fields, kept as written.</summary>
    public ImmutableArray<RawSetting> OtherSettings { get; init; } = [];
}
