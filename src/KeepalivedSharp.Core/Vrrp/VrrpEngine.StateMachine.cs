using System.Net;
using System.Net.Sockets;
using KeepalivedSharp.Core.Tracking;
using KeepalivedSharp.Wire.Vrrp;

namespace KeepalivedSharp.Core.Vrrp;

public sealed partial class VrrpEngine
{
    // ---- start-up (keepalived vrrp_init_state) ----

    private void InitState(InstanceRuntime i)
    {
        if (i.InFault)
        {
            SetState(i, VrrpState.Fault, TransitionReason.Fault);
            return;
        }
        if (i.Pending || (i.Group?.AnyMemberPending ?? false)) return; // stays INIT until trackers report

        var groupState = i.Group?.State ?? i.WantState;
        if (groupState == VrrpState.Master && i.Settings.IsOwner && i.WantState == VrrpState.Master)
        {
            // RFC 5798 §6.4.1: the address owner becomes master at once.
            GotoMaster(i, TransitionReason.Owner);
            return;
        }

        // keepalived: a `state MASTER` member of a BACKUP sync group waits one interval plus the
        // minimum skew; everyone else waits a full Master_Down_Interval.
        i.MasterDownTimer = i.Group is not null && groupState == VrrpState.Backup && i.WantState == VrrpState.Master
            ? i.MasterAdverInterval + MinimumSkew(i)
            : i.ComputeMasterDownTimer();
        SetState(i, VrrpState.Backup, TransitionReason.Startup);
        i.Sands = BackupSands(i);
    }

    // ---- receive (keepalived vrrp_dispatcher_read / vrrp_state_backup / vrrp_state_master_rx) ----

    private void Dispatch(ReceivedAdvert rx)
    {
        var a = rx.Advert;
        if (!_byKey.TryGetValue((rx.Interface, a.Family, a.VirtualRouterId), out var i))
        {
            UnknownVirtualRouterDrops++;
            _out.Add(new AdvertDropped(null, DropReason.UnknownVirtualRouter, rx.Source, $"VRID {a.VirtualRouterId} on {rx.Interface}",
                a.VirtualRouterId, rx.Interface));
            return;
        }
        // Ignored while not fully running, as keepalived does.
        if (i.State is not (VrrpState.Backup or VrrpState.Master)) return;

        if (rx.Source.Equals(i.Settings.SourceAddress))
        {
            _out.Add(new AdvertDropped(i.Name, DropReason.OwnAdvert, rx.Source, "advert from our own address"));
            return;
        }

        // vrrp.c vrrp_state_backup: skip_check_adv_addr skips the address checks for the master last heard;
        // MASTER always checks (vrrp_state_master_rx).
        bool checkAddresses = i.State != VrrpState.Backup || !i.Settings.SkipCheckAdvAddr || !rx.Source.Equals(i.HeardMaster);
        var check = AdvertCheck.Check(i.Settings, rx, checkAddresses);
        if (!check.Accepted)
        {
            Count(i.Counters, check.Reason!.Value);
            _out.Add(new AdvertDropped(i.Name, check.Reason.Value, rx.Source, check.Detail));
            return;
        }

        i.Counters.AdvertReceived++;
        if (a.Priority == 0) i.Counters.PriorityZeroReceived++;

        if (i.State == VrrpState.Backup) BackupReceive(i, rx);
        else MasterReceive(i, rx);
    }

    private static void Count(InstanceCounters c, DropReason reason)
    {
        switch (reason)
        {
            case DropReason.AuthTypeMismatch: c.AuthTypeMismatch++; break;
            case DropReason.AuthFailure: c.AuthFailure++; break;
            case DropReason.IntervalMismatch: c.AdvertIntervalErrors++; break;
            case DropReason.VersionMismatch: c.VersionErrors++; break;
            case DropReason.TtlOutOfRange: c.TtlErrors++; break;
            default: c.AddressListErrors++; break;
        }
    }

    /// <summary>RFC 5798 §6.4.2, with keepalived's nopreempt and preempt_delay.</summary>
    private void BackupReceive(InstanceRuntime i, ReceivedAdvert rx)
    {
        var a = rx.Advert;
        var s = i.Settings;
        if (a.Priority == 0)
        {
            // The master is leaving: take over after Skew_Time.
            i.MasterDownTimer = i.SkewTime;
            i.Sands = BackupSands(i);
            return;
        }

        bool delaying = s.PreemptDelay > TimeSpan.Zero && (i.PreemptTime is null || i.PreemptTime > _now);
        if (!s.Preempt || a.Priority >= i.EffectivePriority || delaying)
        {
            // RFC 5798 §6.4.2: v3 adopts the master's interval.
            if (i.Version == 3) i.MasterAdverInterval = a.Interval;
            i.MasterDownTimer = i.ComputeMasterDownTimer();
            i.MasterAddress = rx.Source;
            i.HeardMaster = rx.Source;
            i.MasterPriority = a.Priority;
            if (s.PreemptDelay > TimeSpan.Zero)
            {
                if (a.Priority >= i.EffectivePriority) i.PreemptTime = null;
                else i.PreemptTime ??= _now + s.PreemptDelay;
            }
            i.WantState = VrrpState.Backup;
            i.Sands = BackupSands(i);
        }
        else
        {
            // Preempt with a lower-priority master: discard, so our down timer runs out.
            i.MasterAddress = rx.Source;
            i.HeardMaster = rx.Source;
            i.MasterPriority = a.Priority;
        }
    }

    /// <summary>RFC 5798 §6.4.3, with keepalived's re-advertising to a lower priority.</summary>
    private void MasterReceive(InstanceRuntime i, ReceivedAdvert rx)
    {
        var a = rx.Advert;
        var s = i.Settings;
        int cmp = AdvertCheck.CompareAddresses(rx.Source, s.SourceAddress);
        bool higher = a.Priority > i.EffectivePriority || (a.Priority == i.EffectivePriority && cmp > 0);

        if (a.Priority == 0 || (s.HigherPrioSendAdvert && higher))
        {
            // The other side is leaving (or we were asked to answer a higher one): advertise at once,
            // within the answer limit (a spoofed flood of priority 0 would be reflected too).
            if (i.Answers.TryTake(_now)) SendAnswer(i);
            else i.Counters.AnswersSuppressed++;
            if (a.Priority == 0) return;
        }

        if (a.Priority == i.EffectivePriority && cmp != 0 && i.EffectivePriority == 255)
        {
            // Two owners: keepalived calls it a configuration error and steps down to 254.
            i.BasePriority = 254;
            i.EffectivePriority = 254;
            higher = true;
        }

        if (!higher)
        {
            if (a.Priority == i.EffectivePriority && cmp == 0) return;
            // keepalived re-asserts on every lower-priority advert; we answer the first at once and
            // then within the answer limit, so a flood is not reflected one for one (issue 10).
            if (!i.Answers.TryTake(_now))
            {
                i.Counters.AnswersSuppressed++;
                return;
            }
            if (!s.LowerPrioNoAdvert) SendAnswer(i);
            LowerPrioAnnounce(i);
            // keepalived: the other members of the sync group that have garp_lower_prio_repeat too.
            if (i.Group is not null)
            {
                foreach (var m in i.Group.Members)
                {
                    if (m != i) LowerPrioAnnounce(m);
                }
            }
            // keepalived send_event_notify on every lower advert; here within the answer limit, so a flood of
            // spoofed lower adverts cannot start a notify_master_rx_lower_pri per packet.
            _out.Add(new InstanceEvent(i.Name, NotifyEvent.MasterRxLowerPriority, i.EffectivePriority));
            return;
        }

        if (i.Version == 3) i.MasterAdverInterval = a.Interval;
        i.MasterAddress = rx.Source;
        i.MasterPriority = a.Priority;
        i.WantState = VrrpState.Backup;
        LeaveMaster(i, sendPriorityZero: false, TransitionReason.HigherPriorityAdvert);
        if (i.Group is not null) SyncBackup(i);
    }

    /// <summary>An advert sent in answer to one received; the advert timer restarts from it (keepalived vrrp_init_instance_sands).</summary>
    private void SendAnswer(InstanceRuntime i)
    {
        SendAdvert(i, i.EffectivePriority);
        i.Sands = _now + i.Settings.AdvertInterval;
    }

    /// <summary>
    /// keepalived's lower-priority GARPs: garp_lower_prio_repeat rounds now, and again after
    /// garp_lower_prio_delay. keepalived starts both on every lower-priority advert (one more timer
    /// each time); we start them only when no delayed round is pending, so a stream of lower adverts
    /// gives one round now and one after the delay, not a round per advert.
    /// </summary>
    private void LowerPrioAnnounce(InstanceRuntime i)
    {
        var s = i.Settings;
        if (s.GarpLowerPrioRepeat <= 0 || i.LowerPrioGarpAt is not null) return;
        Announce(i, s.GarpLowerPrioRepeat);
        if (s.GarpLowerPrioDelay > TimeSpan.Zero && i.VipSet) i.LowerPrioGarpAt = _now + s.GarpLowerPrioDelay;
    }

    // ---- timers ----

    private void FireTimers(InstanceRuntime i)
    {
        var s = i.Settings;
        if (i.GarpDelayAt <= _now)
        {
            i.GarpDelayAt = null;
            Announce(i, s.GarpMasterRepeat);
        }
        if (i.LowerPrioGarpAt <= _now)
        {
            i.LowerPrioGarpAt = null;
            Announce(i, s.GarpLowerPrioRepeat);
        }
        if (i.GarpRefreshAt <= _now)
        {
            i.GarpRefreshAt = _now + s.GarpMasterRefresh;
            Announce(i, s.GarpMasterRefreshRepeat);
        }
        if (i.Sands <= _now)
        {
            if (i.State == VrrpState.Backup)
            {
                // RFC 5798 §6.4.2: Master_Down_Timer fired.
                i.WantState = VrrpState.Master;
                GotoMaster(i, TransitionReason.MasterDown);
            }
            else if (i.State == VrrpState.Master)
            {
                SendAdvert(i, i.EffectivePriority);
                i.Sands = _now + s.AdvertInterval;
                // vrrp.c vrrp_state_master_tx compares strictly, but its clock has always moved past the
                // advert's due time by then; here the tick is at the due time, so the time is due when reached.
                if (s.GarpExtraIfInterval > TimeSpan.Zero && (i.ExtraIfGarpAt ?? TimeSpan.Zero) <= _now)
                {
                    AnnounceExtraInterfaces(i);
                    i.ExtraIfGarpAt = _now + s.GarpExtraIfInterval;
                }
            }
            else
            {
                i.Sands = null;
            }
        }
    }

    // ---- transitions ----

    private void GotoMaster(InstanceRuntime i, TransitionReason reason)
    {
        if (i.Group is not null && !CanGotoMaster(i)) return;

        var s = i.Settings;
        var from = i.State;
        i.State = VrrpState.Master;
        i.MasterAdverInterval = s.AdvertInterval;
        i.PreemptTime = null;
        i.MasterAddress = s.SourceAddress;
        i.MasterPriority = i.EffectivePriority;

        // The advert goes first so that the old master drops the VIPs before our GARPs (keepalived).
        SendAdvert(i, i.EffectivePriority);
        i.Counters.BecomeMaster++;
        RecordTransition(i, from, VrrpState.Master, reason);
        _out.Add(new AddVirtualAddresses(i.Name));
        i.VipSet = true;
        Announce(i, s.GarpMasterRepeat);
        if (s.GarpMasterDelay > TimeSpan.Zero) i.GarpDelayAt = _now + s.GarpMasterDelay;
        if (s.GarpMasterRefresh > TimeSpan.Zero) i.GarpRefreshAt = _now + s.GarpMasterRefresh;
        if (s.GarpExtraIfInterval > TimeSpan.Zero) i.ExtraIfGarpAt = _now + s.GarpExtraIfInterval;
        _out.Add(new RunNotify(NotifyKind.Instance, i.Name, VrrpState.Master, i.EffectivePriority));
        i.Sands = _now + s.AdvertInterval;

        if (i.Group is not null) SyncMaster(i);
    }

    /// <summary>keepalived's vrrp_state_leave_master: to i.WantState (BACKUP or FAULT).</summary>
    private void LeaveMaster(InstanceRuntime i, bool sendPriorityZero, TransitionReason reason)
    {
        if (i.WantState == VrrpState.Fault || sendPriorityZero)
        {
            SendAdvert(i, 0);
            i.Counters.PriorityZeroSent++;
        }
        ReleaseAddresses(i);
        SetState(i, i.WantState, reason);
        if (i.State == VrrpState.Backup) i.PreemptTime = null;
        i.MasterDownTimer = i.ComputeMasterDownTimer();
        i.Sands = i.State == VrrpState.Backup ? BackupSands(i) : null;
        i.Counters.ReleaseMaster++;
    }

    /// <summary>A BACKUP's next down deadline (keepalived vrrp_init_instance_sands): during vrrp_startup_delay it counts from the delay's end.</summary>
    private TimeSpan BackupSands(InstanceRuntime i)
    {
        if (_delayedStart is { } d && _now < d) return d + i.MasterDownTimer;
        _delayedStart = null;
        return _now + i.MasterDownTimer;
    }

    /// <summary>keepalived's vrrp_state_leave_fault (also used to leave INIT).</summary>
    private void LeaveFault(InstanceRuntime i, TransitionReason reason)
    {
        i.MasterAdverInterval = i.Settings.AdvertInterval;
        if (i.WantState == VrrpState.Master)
        {
            GotoMaster(i, reason);
            return;
        }
        SetState(i, VrrpState.Backup, reason);
        i.PreemptTime = null;
        i.MasterDownTimer = i.ComputeMasterDownTimer();
        i.Sands = BackupSands(i);
    }

    private void GoFault(InstanceRuntime i)
    {
        if (i.State == VrrpState.Master)
        {
            i.WantState = VrrpState.Fault;
            LeaveMaster(i, sendPriorityZero: true, TransitionReason.Fault);
        }
        else
        {
            SetState(i, VrrpState.Fault, TransitionReason.Fault);
        }
        ClearTimers(i);
    }

    private void TryUp(InstanceRuntime i, TransitionReason reason)
    {
        // keepalived's try_up_instance: only the owner comes straight back as MASTER.
        i.WantState = i.Settings.IsOwner && i.Settings.InitialMaster ? VrrpState.Master : VrrpState.Backup;
        LeaveFault(i, reason);
    }

    // ---- trackers ----

    private void ApplyVerdict(InstanceRuntime i, TrackerVerdict v)
    {
        i.Pending = v.Pending;
        i.OwnFault = v.Fault;
        i.FaultCause = v.FaultCause;
        if (v.EffectivePriority == i.EffectivePriority) return;

        // keepalived vrrp_set_effective_priority: a BACKUP's running down timer moves by the difference.
        _out.Add(new PriorityChanged(i.Name, i.EffectivePriority, v.EffectivePriority));
        var old = i.MasterDownTimer;
        i.EffectivePriority = v.EffectivePriority;
        i.MasterDownTimer = i.ComputeMasterDownTimer();
        if (i.State == VrrpState.Backup && i.Sands is { } sands)
            i.Sands = sands + (i.MasterDownTimer - old);
        // vrrp_track.c vrrp_set_effective_priority, also for the first reading at start (state INIT: BACKUP_PRIORITY);
        // a reload writes its own lines (ReloadPriorityLines).
        if (i.Settings.NotifyPriorityChanges && !_reloading)
            _out.Add(new InstanceEvent(i.Name, i.State == VrrpState.Master ? NotifyEvent.MasterPriority : NotifyEvent.BackupPriority, i.EffectivePriority));
    }

    private void ReevaluateAll()
    {
        foreach (var i in _instances) ApplyVerdict(i, Evaluate(i));

        foreach (var i in _instances)
        {
            if (i.State == VrrpState.Stop) continue;
            if (i.InFault)
            {
                if (i.State != VrrpState.Fault) GoFault(i);
            }
            else if (i.State is VrrpState.Fault or VrrpState.Init
                     && !i.Pending && !(i.Group?.AnyMemberPending ?? false))
            {
                TryUp(i, i.State == VrrpState.Init ? TransitionReason.TrackersReady : TransitionReason.FaultCleared);
            }
        }

        foreach (var g in _groups)
        {
            if (g.AnyMemberFault) SetGroupState(g, VrrpState.Fault);
            else if (g.State is VrrpState.Fault or VrrpState.Init && !g.AnyMemberPending)
                SetGroupState(g, g.Members.Exists(m => m.State == VrrpState.Master) ? VrrpState.Master : VrrpState.Backup);
        }
    }

    // ---- sync groups (keepalived vrrp_sync.c) ----

    private bool CanGotoMaster(InstanceRuntime i)
    {
        var g = i.Group!;
        if (g.State == VrrpState.Master) return true;
        // Only go to master if every member wants to: prefer BACKUP to avoid thrashing.
        foreach (var m in g.Members)
        {
            if (m != i && m.WantState != VrrpState.Master)
            {
                i.MasterDownTimer = i.ComputeMasterDownTimer();
                i.Sands = BackupSands(i);
                return false;
            }
        }
        return true;
    }

    private void SyncMaster(InstanceRuntime i)
    {
        var g = i.Group!;
        if (g.State == VrrpState.Master) return;
        SetGroupState(g, VrrpState.Master);
        foreach (var m in g.Members)
        {
            if (m == i || m.State == VrrpState.Master) continue;
            m.WantState = VrrpState.Master;
            GotoMaster(m, TransitionReason.SyncGroup);
        }
    }

    private void SyncBackup(InstanceRuntime i)
    {
        var g = i.Group!;
        if (g.State == VrrpState.Backup) return;
        SetGroupState(g, VrrpState.Backup);
        foreach (var m in g.Members)
        {
            if (m == i || m.State == VrrpState.Backup) continue;
            m.WantState = VrrpState.Backup;
            if (m.State is VrrpState.Fault or VrrpState.Init) LeaveFault(m, TransitionReason.SyncGroup);
            else LeaveMaster(m, sendPriorityZero: false, TransitionReason.SyncGroup);
        }
    }

    private void SetGroupState(SyncGroupRuntime g, VrrpState state)
    {
        if (g.State == state) return;
        g.State = state;
        _out.Add(new RunNotify(NotifyKind.Group, g.Name, state, 0));
    }

    // ---- effects ----

    private void SetState(InstanceRuntime i, VrrpState to, TransitionReason reason)
    {
        var from = i.State;
        if (from == to) return;
        i.State = to;
        RecordTransition(i, from, to, reason);
        _out.Add(new RunNotify(NotifyKind.Instance, i.Name, to, i.EffectivePriority));
    }

    /// <summary>
    /// keepalived clear_diff_vrrp: a removed instance is reported DELETED with notify_deleted, else FAULT (the older
    /// way, kept as its default), and not at all when it already was in FAULT without notify_deleted.
    /// </summary>
    private void Removed(InstanceRuntime i)
    {
        var from = i.State;
        i.State = VrrpState.Deleted;
        RecordTransition(i, from, VrrpState.Deleted, TransitionReason.Removed);
        bool deleted = i.Settings.NotifyDeleted;
        if (deleted || from != VrrpState.Fault)
            _out.Add(new RunNotify(NotifyKind.Instance, i.Name, deleted ? VrrpState.Deleted : VrrpState.Fault, i.EffectivePriority, NotifyScope.Removed));
    }

    private void RecordTransition(InstanceRuntime i, VrrpState from, VrrpState to, TransitionReason reason)
    {
        i.LastTransition = _now;
        _out.Add(new StateChanged(i.Name, from, to, i.EffectivePriority, reason));
    }

    private void SendAdvert(InstanceRuntime i, int priority)
    {
        var s = i.Settings;
        var advert = new Advertisement
        {
            Version = s.Version,
            VirtualRouterId = s.VirtualRouterId,
            Priority = priority,
            Interval = s.AdvertInterval,
            Family = s.Family,
            AuthType = s.Version == 2 ? s.AuthType : VrrpAuthType.None,
            AuthData = s.Version == 2 ? s.AuthData : VrrpAuthData.Empty,
            Addresses = s.VirtualAddresses,
        };
        i.Counters.AdvertSent++;
        _out.Add(new SendAdvert(i.Name, s.Interface, s.SourceAddress, s.UnicastPeers, advert) { UnicastTtl = s.UnicastTtl });
    }

    /// <summary>
    /// <paramref name="repeat"/> rounds of GARP/NA over the VIPs and then the excluded VIPs
    /// (keepalived vrrp_send_link_update), one action per frame, spaced per interface by
    /// vrrp_garp_interval / vrrp_gna_interval when those are set.
    /// </summary>
    private void Announce(InstanceRuntime i, int repeat)
    {
        if (repeat <= 0 || !i.VipSet || i.State != VrrpState.Master) return;
        var s = i.Settings;
        for (int r = 0; r < repeat; r++)
        {
            int k = 0;
            foreach (var a in s.VirtualAddresses) AnnounceOne(i, k++, a);
            foreach (var a in s.ExcludedAddresses) AnnounceOne(i, k++, a);
        }
    }

    /// <summary>garp_extra_if: one GARP/NA per extra interface (vrrp.c vrrp_send_vmac_update), spaced as the others.</summary>
    private void AnnounceExtraInterfaces(InstanceRuntime i)
    {
        if (!i.VipSet) return;
        var s = i.Settings;
        foreach (var a in s.ExtraInterfaceAddresses)
        {
            int k = s.VirtualAddresses.IndexOf(a);
            AnnounceOne(i, k >= 0 ? k : s.VirtualAddresses.Length + s.ExcludedAddresses.IndexOf(a), a);
        }
    }

    private void AnnounceOne(InstanceRuntime i, int index, IPAddress address)
    {
        var interval = AnnounceInterval(i.Settings, address);
        if (interval > TimeSpan.Zero)
        {
            var key = (i.Settings.Interface, address.AddressFamily);
            if (!_lanes.TryGetValue(key, out var lane))
            {
                _lanes.Add(key, lane = new AnnounceLane(key.Interface, key.AddressFamily) { Order = int.MaxValue - _lanes.Count });
                _heap.Add(lane);
            }
            if (!lane.TrySend(_now, interval))
            {
                lane.MarkPending(i, index, address);
                return;
            }
        }
        _out.Add(new SendAnnouncement(i.Name, address));
    }

    /// <summary>The interface is free again: the first pending announcement of a MASTER goes (vrrp_arp_thread).</summary>
    private void FireLane(AnnounceLane lane)
    {
        while (lane.Deadline <= _now && lane.TakeFirst() is var (i, address))
        {
            // keepalived drops what is pending for an instance that is no longer MASTER with its VIPs.
            if (!i.VipSet || i.State != VrrpState.Master) continue;
            lane.TrySend(_now, AnnounceInterval(i.Settings, address));
            _out.Add(new SendAnnouncement(i.Name, address));
            return;
        }
    }

    private static TimeSpan AnnounceInterval(InstanceSettings s, IPAddress address)
        => address.AddressFamily == AddressFamily.InterNetworkV6 ? s.GnaInterval : s.GarpInterval;

    private void ReleaseAddresses(InstanceRuntime i)
    {
        if (i.VipSet) _out.Add(new RemoveVirtualAddresses(i.Name));
        i.VipSet = false;
        i.GarpDelayAt = null;
        i.GarpRefreshAt = null;
        i.LowerPrioGarpAt = null;
        i.ExtraIfGarpAt = null;
    }

    private static void ClearTimers(InstanceRuntime i)
    {
        i.Sands = null;
        i.GarpDelayAt = null;
        i.GarpRefreshAt = null;
        i.LowerPrioGarpAt = null;
        i.ExtraIfGarpAt = null;
        i.PreemptTime = null;
    }
}
