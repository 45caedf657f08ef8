using System.Net;
using KeepalivedSharp.Core.Timing;

namespace KeepalivedSharp.Core.Vrrp;

/// <summary>The mutable protocol state of one instance (RFC 5798 §6.1 "Parameters" plus keepalived's extras).</summary>
internal sealed class InstanceRuntime(InstanceSettings settings) : Timed
{
    public InstanceSettings Settings { get; set; } = settings;
    public VrrpState State { get; set; } = VrrpState.Init;
    /// <summary>The state this instance would be in disregarding its sync group.</summary>
    public VrrpState WantState { get; set; } = settings.InitialMaster ? VrrpState.Master : VrrpState.Backup;
    public int EffectivePriority { get; set; } = settings.Priority;
    /// <summary>The configured priority, lowered to 254 if another owner shows up (keepalived does this).</summary>
    public int BasePriority { get; set; } = settings.Priority;
    public bool Pending { get; set; }
    public bool OwnFault { get; set; }
    public string? FaultCause { get; set; }
    public TimeSpan MasterAdverInterval { get; set; } = settings.AdvertInterval;
    public TimeSpan MasterDownTimer { get; set; }
    /// <summary>The main timer: next advert as MASTER, Master_Down_Timer as BACKUP; null when disabled.</summary>
    public TimeSpan? Sands { get => _sands; set { _sands = value; Touch(); } }
    public TimeSpan? PreemptTime { get; set; }
    public TimeSpan? GarpDelayAt { get => _garpDelayAt; set { _garpDelayAt = value; Touch(); } }
    public TimeSpan? GarpRefreshAt { get => _garpRefreshAt; set { _garpRefreshAt = value; Touch(); } }
    public TimeSpan? LowerPrioGarpAt { get => _lowerPrioGarpAt; set { _lowerPrioGarpAt = value; Touch(); } }
    /// <summary>
    /// garp_extra_if's next refresh, checked when a MASTER sends an advert (keepalived's
    /// vmac_garp_timer in vrrp_state_master_tx), so not a timer of its own. Null counts as past,
    /// as keepalived's zeroed timer of an instance that a reload made does.
    /// </summary>
    public TimeSpan? ExtraIfGarpAt { get; set; }
    /// <summary>Limits answers to other routers' adverts (see <see cref="AnswerLimit"/>).</summary>
    public AnswerLimit Answers;
    public bool VipSet { get; set; }
    public IPAddress? MasterAddress { get; set; }
    /// <summary>
    /// keepalived's master_saddr as skip_check_adv_addr reads it: the source of the last advert a BACKUP accepted
    /// or discarded as lower (not one of priority 0). Unlike <see cref="MasterAddress"/> it is not ours while MASTER,
    /// and a reload clears it (keepalived builds the instance anew).
    /// </summary>
    public IPAddress? HeardMaster { get; set; }
    public int MasterPriority { get; set; }
    public TimeSpan LastTransition { get; set; }
    public SyncGroupRuntime? Group { get; set; }
    public InstanceCounters Counters { get; } = new();

    public string Name => Settings.Name;
    public int Version => Settings.Version;

    public TimeSpan SkewTime => VrrpTimers.SkewTime(Version, EffectivePriority, MasterAdverInterval);

    public TimeSpan ComputeMasterDownTimer()
        => VrrpTimers.MasterDownInterval(Version, EffectivePriority, MasterAdverInterval, Settings.DownTimerAdverts);

    public bool InFault => OwnFault || (Group?.AnyMemberFault ?? false);

    private TimeSpan? _sands, _garpDelayAt, _garpRefreshAt, _lowerPrioGarpAt;

    /// <summary>The earliest of the instance's timers.</summary>
    public override TimeSpan? Deadline => Min(Min(_sands, _garpDelayAt), Min(_garpRefreshAt, _lowerPrioGarpAt));

    private static TimeSpan? Min(TimeSpan? a, TimeSpan? b)
        => a is null ? b : b is null ? a : (a < b ? a : b);
}

internal sealed class SyncGroupRuntime(SyncGroupSettings settings)
{
    public SyncGroupSettings Settings { get; } = settings;
    public List<InstanceRuntime> Members { get; } = [];
    public VrrpState State { get; set; } = VrrpState.Init;
    public bool AnyMemberFault => Members.Exists(m => m.OwnFault);
    public bool AnyMemberPending => Members.Exists(m => m.Pending);
    public string Name => Settings.Name;
}
