using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using KeepalivedSharp.Core.Tracking;
using KeepalivedSharp.Wire.Vrrp;

namespace KeepalivedSharp.Core.Vrrp;

/// <summary>What the engine needs to know about one vrrp_instance. Immutable; built by KeepalivedSharp.Settings with keepalived's derived defaults.</summary>
public sealed record InstanceSettings
{
    public required string Name { get; init; }
    public required string Interface { get; init; }
    public required byte VirtualRouterId { get; init; }
    public int Version { get; init; } = 2;
    public AddressFamily Family { get; init; } = AddressFamily.InterNetwork;
    /// <summary>Configured priority, 1..255 (255 = address owner).</summary>
    public int Priority { get; init; } = 100;
    /// <summary>Advertisement_Interval, already rounded as keepalived rounds it.</summary>
    public TimeSpan AdvertInterval { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>`state MASTER`: keepalived then waits one interval plus the minimum skew before taking over.</summary>
    public bool InitialMaster { get; init; }
    public bool Preempt { get; init; } = true;
    public TimeSpan PreemptDelay { get; init; }
    public VrrpAuthType AuthType { get; init; }
    /// <summary>PASS password as sent on the wire (<see cref="VrrpAuthData.FromPassword"/>).</summary>
    public VrrpAuthData AuthData { get; init; }
    /// <summary>The addresses carried in adverts (virtual_ipaddress, not the excluded ones).</summary>
    public ImmutableArray<IPAddress> VirtualAddresses { get; init; } = [];
    /// <summary>virtual_ipaddress_excluded: held and announced while MASTER, not carried in adverts.</summary>
    public ImmutableArray<IPAddress> ExcludedAddresses { get; init; } = [];
    /// <summary>Our source address: unicast_src_ip, mcast_src_ip or the interface's primary address.</summary>
    public required IPAddress SourceAddress { get; init; }
    public ImmutableArray<IPAddress> UnicastPeers { get; init; } = [];
    /// <summary>A fault the config holds the instance in for good (unicast_fault_no_peer with no peers); null when none.</summary>
    public string? ConfigFault { get; init; }
    /// <summary>unicast_ttl: the TTL/hop limit of our unicast adverts; null keeps VRRP's 255.</summary>
    public int? UnicastTtl { get; init; }
    /// <summary>Peers given min_ttl/max_ttl: their adverts must arrive within it (vrrp.c vrrp_check_packet).</summary>
    public ImmutableArray<PeerTtlRange> PeerTtlRanges { get; init; } = [];
    public bool LowerPrioNoAdvert { get; init; }
    public bool HigherPrioSendAdvert { get; init; }
    /// <summary>Master checks that unicast adverts come from a configured peer (stricter than keepalived's default).</summary>
    public bool CheckUnicastSource { get; init; } = true;
    /// <summary>skip_check_adv_addr: a BACKUP does not check the addresses of an advert from the master it last heard (vrrp.c vrrp_state_backup).</summary>
    public bool SkipCheckAdvAddr { get; init; }
    public int GarpMasterRepeat { get; init; } = 5;
    public TimeSpan GarpMasterDelay { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan GarpMasterRefresh { get; init; }
    public int GarpMasterRefreshRepeat { get; init; } = 1;
    /// <summary>Rounds of GARP/NA when a MASTER hears a lower priority (keepalived: garp_master_repeat unless strict).</summary>
    public int GarpLowerPrioRepeat { get; init; }
    public TimeSpan GarpLowerPrioDelay { get; init; }
    /// <summary>vrrp_garp_interval: the least time between two gratuitous ARPs on an interface (0: none).</summary>
    public TimeSpan GarpInterval { get; init; }
    /// <summary>vrrp_gna_interval: the same for unsolicited neighbour adverts.</summary>
    public TimeSpan GnaInterval { get; init; }
    /// <summary>garp_extra_if's interval after keepalived's checks (zero: off).</summary>
    public TimeSpan GarpExtraIfInterval { get; init; }
    /// <summary>What garp_extra_if refreshes: one of the addresses on each such interface.</summary>
    public ImmutableArray<IPAddress> ExtraInterfaceAddresses { get; init; } = [];
    /// <summary>Trackers bound to this instance (its own and its sync group's).</summary>
    public ImmutableArray<TrackBinding> Trackers { get; init; } = [];
    /// <summary>`dont_track_primary`: the instance's own interface going down does not cause FAULT.</summary>
    public bool DontTrackPrimary { get; init; }
    /// <summary>Master_Down_Interval's multiplier (keepalived's down_timer_adverts, default 3).</summary>
    public int DownTimerAdverts { get; init; } = 3;
    /// <summary>notify_deleted: a reload that removes the instance reports DELETED instead of keepalived's older FAULT.</summary>
    public bool NotifyDeleted { get; init; }
    /// <summary>notify_priority_changes after keepalived's defaulting (instance, else its sync group, else vrrp_notify_priority_changes).</summary>
    public bool NotifyPriorityChanges { get; init; }

    public bool IsUnicast => !UnicastPeers.IsDefaultOrEmpty;
    public bool IsOwner => Priority == 255;
}

/// <summary>A vrrp_sync_group: its members move together.</summary>
public sealed record SyncGroupSettings(string Name, ImmutableArray<string> Members);
