using KeepalivedSharp.Core.Tracking;
using KeepalivedSharp.Wire.Vrrp;
using static KeepalivedSharp.Operations.Dumps.KeepalivedText;

namespace KeepalivedSharp.Operations.Dumps;

/// <summary>
/// keepalived.json (the JSON signal, <c>keepalived --signum=JSON</c>): keepalived 2.2.7's vrrp_json.c
/// document, an array of {"data":{...},"stats":{...}} with the same keys in the same order, which
/// exporters such as mehdy/keepalived-exporter decode (iname, state, wantstate, ifp_ifname,
/// garp_delay, vrid, vips, evips and the stats block).
/// </summary>
public static class JsonDump
{
    public static string Format(DaemonStatus status)
    {
        var w = new KeepalivedJsonWriter();
        w.StartArray();
        foreach (var i in status.Instances)
        {
            w.StartObject();
            Data(w, status, i);
            Stats(w, i);
            w.EndObject();
        }
        w.EndArray();
        return w + "\n";
    }

    /// <summary>vrrp_json.c's data block, every value from the effective settings (what runs).</summary>
    private static void Data(KeepalivedJsonWriter w, DaemonStatus status, InstanceReport report)
    {
        var e = report.Engine;
        var s = report.Settings;
        var run = s.Engine;
        var c = s.Config;
        w.Name("data");
        w.StartObject();
        w.Field("iname", e.Name);
        w.Field("dont_track_primary", run.DontTrackPrimary ? 1 : 0);
        w.Field("skip_check_adv_addr", c.SkipCheckAdvAddr ? 1 : 0);
        w.Field("strict_mode", c.StrictMode ? 1 : 0);
        w.Field("vmac_ifname", s.VmacName ?? "");
        if (!string.IsNullOrEmpty(e.Interface)) w.Field("ifp_ifname", e.Interface);
        w.Field("master_priority", e.MasterPriority);
        w.FieldRaw("last_transition", EpochMicro(status.TakenAt - report.SinceTransition));
        w.FieldG("garp_delay", run.GarpMasterDelay.TotalSeconds);
        w.Field("garp_refresh", (long)run.GarpMasterRefresh.TotalSeconds);
        w.Field("garp_rep", run.GarpMasterRepeat);
        w.Field("garp_refresh_rep", run.GarpMasterRefreshRepeat);
        w.Field("garp_lower_prio_delay", (long)run.GarpLowerPrioDelay.TotalSeconds);
        w.Field("garp_lower_prio_rep", run.GarpLowerPrioRepeat);
        w.Field("lower_prio_no_advert", run.LowerPrioNoAdvert ? 1 : 0);
        w.Field("higher_prio_send_advert", run.HigherPrioSendAdvert ? 1 : 0);
        w.Field("vrid", e.VirtualRouterId);
        w.Field("base_priority", e.Priority);
        w.Field("effective_priority", e.EffectivePriority);
        w.Field("vipset", e.HoldsAddresses);
        w.Field("promote_secondaries", c.PromoteSecondaries);
        w.FieldG("adver_int", run.AdvertInterval.TotalSeconds);
        w.FieldG("master_adver_int", e.MasterAdverInterval.TotalSeconds);
        w.Field("accept", c.Accept ? 1 : 0);
        w.Field("nopreempt", !run.Preempt);
        w.Field("preempt_delay", (long)run.PreemptDelay.TotalSeconds);
        w.Field("state", StateNumber(e.State));
        w.Field("wantstate", StateNumber(e.WantState));
        w.Field("version", e.Version);
        w.Field("smtp_alert", s.SmtpAlert);
        w.Field("notify_deleted", c.NotifyDeleted is not null);
        Script(w, "script_backup", c.NotifyBackup);
        Script(w, "script_master", c.NotifyMaster);
        Script(w, "script_fault", c.NotifyFault);
        Script(w, "script_stop", c.NotifyStop);
        Script(w, "script_deleted", c.NotifyDeleted);
        Script(w, "script", c.Notify);
        Script(w, "script_master_rx_lower_pri", c.NotifyMasterRxLowerPri);
        Array(w, "vips", report.VirtualAddresses);
        Array(w, "evips", s.ExcludedAddresses.Select(a => FormatAddress(a, e.HoldsAddresses)));
        Array(w, "vroutes", s.Routes.Select(r => FormatRoute(r.Config)));
        Array(w, "vrules", s.Rules.Select(r => FormatRule(r.Config)));
        Array(w, "track_ifp", s.OwnTrackers.Where(t => t.Kind == TrackerKind.Interface).Select(t => t.Name));
        Array(w, "track_script", s.OwnTrackers.Where(t => t.Kind == TrackerKind.Script).Select(t => ScriptCommand(t.Name)));
        // VRRP_AUTH_NONE 0, PASS 1, AH 2 (RFC 2338 section 5.3.6): the wire's numbers.
        w.Field("auth_type", (int)run.AuthType);
        if (run.AuthType != VrrpAuthType.None) w.Field("auth_data", AuthData(run.AuthData));
        w.EndObject();

        string ScriptCommand(string name)
            => status.Settings.EffectiveScripts.FirstOrDefault(x => x.Name == name)?.Config.Script is { } line ? Command(line) : name;
    }

    private static void Stats(KeepalivedJsonWriter w, InstanceReport report)
    {
        var s = report.Engine.Counters;
        w.Name("stats");
        w.StartObject();
        w.Field("advert_rcvd", s.AdvertReceived);
        w.Field("advert_sent", s.AdvertSent);
        w.Field("become_master", s.BecomeMaster);
        w.Field("release_master", s.ReleaseMaster);
        w.Field("packet_len_err", s.PacketLengthErrors);
        w.Field("advert_interval_err", s.AdvertIntervalErrors);
        w.Field("ip_ttl_err", s.TtlErrors);
        w.Field("invalid_type_rcvd", s.InvalidTypeReceived);
        w.Field("addr_list_err", s.AddressListErrors);
        w.Field("invalid_authtype", s.InvalidAuthType);
        w.Field("authtype_mismatch", s.AuthTypeMismatch);
        w.Field("auth_failure", s.AuthFailure);
        w.Field("pri_zero_rcvd", s.PriorityZeroReceived);
        w.Field("pri_zero_sent", s.PriorityZeroSent);
        w.EndObject();
    }

    private static void Script(KeepalivedJsonWriter w, string name, string? script)
    {
        if (script is not null) w.Field(name, Command(script));
    }

    /// <summary>vrrp_json_array_dump: an empty list writes no key at all.</summary>
    private static void Array(KeepalivedJsonWriter w, string name, IEnumerable<string> items)
    {
        var started = false;
        foreach (var item in items)
        {
            if (!started)
            {
                w.Name(name);
                w.StartArray();
                started = true;
            }
            w.StringValue(item);
        }
        if (started) w.EndArray();
    }
}
