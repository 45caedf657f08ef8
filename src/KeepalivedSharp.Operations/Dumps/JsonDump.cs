using System.Globalization;
using KeepalivedSharp.Config;
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
    public static string Format(DaemonStatus status, KeepalivedConfig config)
    {
        var w = new KeepalivedJsonWriter();
        w.StartArray();
        foreach (var i in status.Instances)
        {
            w.StartObject();
            Data(w, status, i, DataDump.FindInstance(config, i.Engine.Name), config);
            Stats(w, i);
            w.EndObject();
        }
        w.EndArray();
        return w + "\n";
    }

    private static void Data(KeepalivedJsonWriter w, DaemonStatus status, InstanceReport report, VrrpInstanceConfig? c, KeepalivedConfig config)
    {
        var g = config.Global;
        var e = report.Engine;
        w.Name("data");
        w.StartObject();
        w.Field("iname", e.Name);
        w.Field("dont_track_primary", c?.DontTrackPrimary == true ? 1 : 0);
        w.Field("skip_check_adv_addr", c?.SkipCheckAdvAddr == true ? 1 : 0);
        w.Field("strict_mode", c?.StrictMode == true ? 1 : 0);
        w.Field("vmac_ifname", c?.UseVmac == true ? c.VmacName ?? string.Create(CultureInfo.InvariantCulture, $"vrrp.{e.VirtualRouterId}") : "");
        if (!string.IsNullOrEmpty(e.Interface)) w.Field("ifp_ifname", e.Interface);
        w.Field("master_priority", e.MasterPriority);
        w.FieldRaw("last_transition", EpochMicro(status.TakenAt - report.SinceTransition));
        var garpDelay = c?.GarpMasterDelay ?? g.VrrpGarpMasterDelay;
        var garpRep = c?.GarpMasterRepeat ?? g.VrrpGarpMasterRepeat;
        w.FieldG("garp_delay", garpDelay.TotalSeconds);
        w.Field("garp_refresh", (long)(c?.GarpMasterRefresh ?? g.VrrpGarpMasterRefresh).TotalSeconds);
        w.Field("garp_rep", garpRep);
        w.Field("garp_refresh_rep", c?.GarpMasterRefreshRepeat ?? g.VrrpGarpMasterRefreshRepeat);
        w.Field("garp_lower_prio_delay", (long)(c?.GarpLowerPrioDelay ?? g.VrrpGarpLowerPrioDelay ?? garpDelay).TotalSeconds);
        w.Field("garp_lower_prio_rep", c?.GarpLowerPrioRepeat ?? g.VrrpGarpLowerPrioRepeat ?? garpRep);
        w.Field("lower_prio_no_advert", c?.LowerPrioNoAdvert == true ? 1 : 0);
        w.Field("higher_prio_send_advert", c?.HigherPrioSendAdvert == true ? 1 : 0);
        w.Field("vrid", e.VirtualRouterId);
        w.Field("base_priority", e.Priority);
        w.Field("effective_priority", e.EffectivePriority);
        w.Field("vipset", e.HoldsAddresses);
        w.Field("promote_secondaries", c?.PromoteSecondaries == true);
        w.FieldG("adver_int", report.AdvertInterval.TotalSeconds);
        w.FieldG("master_adver_int", e.MasterAdverInterval.TotalSeconds);
        w.Field("accept", c?.Accept != false ? 1 : 0);
        w.Field("nopreempt", !report.Preempt);
        w.Field("preempt_delay", (long)(c?.PreemptDelay ?? TimeSpan.Zero).TotalSeconds);
        w.Field("state", StateNumber(e.State));
        w.Field("wantstate", StateNumber(e.WantState));
        w.Field("version", e.Version);
        w.Field("smtp_alert", c?.SmtpAlert ?? g.SmtpAlertVrrp ?? g.SmtpAlert ?? false);
        w.Field("notify_deleted", c?.NotifyDeleted is not null);
        if (c is not null)
        {
            Script(w, "script_backup", c.NotifyBackup);
            Script(w, "script_master", c.NotifyMaster);
            Script(w, "script_fault", c.NotifyFault);
            Script(w, "script_stop", c.NotifyStop);
            Script(w, "script_deleted", c.NotifyDeleted);
            Script(w, "script", c.Notify);
            Script(w, "script_master_rx_lower_pri", c.NotifyMasterRxLowerPri);
        }
        Array(w, "vips", DataDump.VirtualAddressLines(report, c));
        if (c is not null)
        {
            Array(w, "evips", c.ExcludedAddresses.Select(a => FormatAddress(a, c.Interface, e.HoldsAddresses)));
            Array(w, "vroutes", c.VirtualRoutes.Select(FormatRoute));
            Array(w, "vrules", c.VirtualRules.Select(FormatRule));
            Array(w, "track_ifp", c.TrackInterfaces.Select(t => t.Name));
            Array(w, "track_script", c.TrackScripts.Select(t => ScriptCommand(t.Name)));
            w.Field("auth_type", AuthNumber(c.Authentication));
            if (c.Authentication is { } auth) w.Field("auth_data", AuthData(auth));

            string ScriptCommand(string name) => config.Scripts.FirstOrDefault(s => s.Name == name)?.Script is { } line ? Command(line) : name;
        }
        w.EndObject();
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
