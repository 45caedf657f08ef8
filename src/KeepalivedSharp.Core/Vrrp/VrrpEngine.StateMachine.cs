using KeepalivedSharp.Core.Tracking;

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
        i.Sands = _now + i.MasterDownTimer;
    }

    // ---- receive (keepalived vrrp_dispatcher_read / vrrp_state_backup / vrrp_state_master_rx) ----

    private void Dispatch(ReceivedAdvert rx)
    {
        var a = rx.Advert;
        if (!_byKey.TryGetValue((rx.Interface, a.Family, a.VirtualRouterId), out var i))
        {
            UnknownVirtualRouterDrops++;
            _out.Add(new AdvertDropped(null, DropReason.UnknownVirtualRouter, rx.Source, $"VRID {a.VirtualRouterId} on {rx.Interface}"));
            return;
        }
        // Ignored while not fully running, as keepalived does.
        if (i.State is not (VrrpState.Backup or VrrpState.Master)) return;

        if (rx.Source.Equals(i.Settings.SourceAddress))
        {
            _out.Add(new AdvertDropped(i.Name, DropReason.OwnAdvert, rx.Source, "advert from our own address"));
            return;
        }

        var check = AdvertCheck.Check(i.Settings, rx);
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
            i.Sands = _now + i.MasterDownTimer;
            return;
        }

        bool delaying = s.PreemptDelay > TimeSpan.Zero && (i.PreemptTime is null || i.PreemptTime > _now);
        if (!s.Preempt || a.Priority >= i.EffectivePriority || delaying)
        {
            // RFC 5798 §6.4.2: v3 adopts the master's interval.
            if (i.Version == 3) i.MasterAdverInterval = a.Interval;
            i.MasterDownTimer = i.ComputeMasterDownTimer();
            i.MasterAddress = rx.Source;
            i.MasterPriority = a.Priority;
            if (s.PreemptDelay > TimeSpan.Zero)
            {
                if (a.Priority >= i.EffectivePriority) i.PreemptTime = null;
                else i.PreemptTime ??= _now + s.PreemptDelay;
            }
            i.WantState = VrrpState.Backup;
            i.Sands = _now + i.MasterDownTimer;
        }
        else
        {
            // Preempt with a lower-priority master: discard, so our down timer runs out.
            i.MasterAddress = rx.Source;
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
            // The other side is leaving (or we were asked to answer a higher one): advertise at once.
            SendAdvert(i, i.EffectivePriority);
            i.Sands = _now + s.AdvertInterval;
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
            if (!s.LowerPrioNoAdvert)
            {
                SendAdvert(i, i.EffectivePriority);
                i.Sands = _now + s.AdvertInterval;
            }
            if (s.GarpLowerPrioRepeat > 0)
            {
                Announce(i, s.GarpLowerPrioRepeat);
                if (s.GarpLowerPrioDelay > TimeSpan.Zero) i.LowerPrioGarpAt = _now + s.GarpLowerPrioDelay;
            }
            return;
        }

        if (i.Version == 3) i.MasterAdverInterval = a.Interval;
        i.MasterAddress = rx.Source;
        i.MasterPriority = a.Priority;
        i.WantState = VrrpState.Backup;
        LeaveMaster(i, sendPriorityZero: false, TransitionReason.HigherPriorityAdvert);
        if (i.Group is not null) SyncBackup(i);
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
        _out.Add(new Notify(NotifyKind.Instance, i.Name, VrrpState.Master, i.EffectivePriority));
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
        i.Sands = i.State == VrrpState.Backup ? _now + i.MasterDownTimer : null;
        i.Counters.ReleaseMaster++;
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
        i.Sands = _now + i.MasterDownTimer;
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
                i.Sands = _now + i.MasterDownTimer;
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
        _out.Add(new Notify(NotifyKind.Group, g.Name, state, 0));
    }

    // ---- effects ----

    private void SetState(InstanceRuntime i, VrrpState to, TransitionReason reason)
    {
        var from = i.State;
        if (from == to) return;
        i.State = to;
        RecordTransition(i, from, to, reason);
        _out.Add(new Notify(NotifyKind.Instance, i.Name, to, i.EffectivePriority));
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
            AuthType = s.Version == 2 ? s.AuthType : AuthenticationType.None,
            AuthData = s.Version == 2 ? s.AuthData : [],
            Addresses = s.VirtualAddresses,
        };
        i.Counters.AdvertSent++;
        _out.Add(new SendAdvert(i.Name, s.Interface, s.SourceAddress, s.UnicastPeers, advert));
    }

    private void Announce(InstanceRuntime i, int repeat)
    {
        if (repeat > 0 && i.VipSet && i.State == VrrpState.Master)
            _out.Add(new SendAnnouncements(i.Name, repeat));
    }

    private void ReleaseAddresses(InstanceRuntime i)
    {
        if (i.VipSet) _out.Add(new RemoveVirtualAddresses(i.Name));
        i.VipSet = false;
        i.GarpDelayAt = null;
        i.GarpRefreshAt = null;
        i.LowerPrioGarpAt = null;
    }

    private static void ClearTimers(InstanceRuntime i)
    {
        i.Sands = null;
        i.GarpDelayAt = null;
        i.GarpRefreshAt = null;
        i.LowerPrioGarpAt = null;
        i.PreemptTime = null;
    }
}
