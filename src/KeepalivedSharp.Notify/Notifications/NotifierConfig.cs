using System.Collections.Immutable;
using KeepalivedSharp.Config;
using KeepalivedSharp.Linux.Processes;
using KeepalivedSharp.Notify.Scripts;
using KeepalivedSharp.Notify.Security;
using KeepalivedSharp.Notify.Smtp;
using KeepalivedSharp.Settings;

namespace KeepalivedSharp.Notify.Notifications;

/// <summary>Builds <see cref="NotifierSettings"/> from the config, checking every notify script as keepalived does.</summary>
public static class NotifierConfig
{
    /// <summary>
    /// The settings plus keepalived-worded messages (warnings and "disabling" lines) for the log. A script that fails
    /// its check is left out (keepalived frees it), the rest of the notifications still work.
    /// </summary>
    public static (NotifierSettings Settings, ImmutableArray<string> Messages) Build(KeepalivedConfig config, ScriptSecurityPolicy policy)
    {
        var messages = ImmutableArray.CreateBuilder<string>();
        var g = config.Global;

        ScriptCommand? Check(NotifyScript? script, string type)
        {
            if (script is null) return null;
            var c = policy.Check(script.Command, type, script.User, script.Group);
            messages.AddRange(c.Messages);
            return c.Command;
        }

        NotifyTargets Targets(NotifyScript? master, NotifyScript? backup, NotifyScript? fault, NotifyScript? stop, NotifyScript? generic, bool? smtpAlert) => new()
        {
            Master = Check(master, "notify_master"),
            Backup = Check(backup, "notify_backup"),
            Fault = Check(fault, "notify_fault"),
            Stop = Check(stop, "notify_stop"),
            Generic = Check(generic, "notify"),
            SmtpAlert = EngineSetupBuilder.SmtpAlert(smtpAlert, g),
        };

        var instances = config.Instances.ToImmutableDictionary(i => i.Name,
            i => Targets(i.NotifyMasterScript, i.NotifyBackupScript, i.NotifyFaultScript, i.NotifyStopScript, i.NotifyScript, i.SmtpAlert) with
            {
                // A bare notify_deleted has no script (vrrp_parser.c vrrp_notify_deleted_handler).
                Deleted = i.NotifyDeletedScript is { Command.Length: > 0 } d ? Check(d, "notify_deleted") : null,
                MasterRxLowerPri = Check(i.NotifyMasterRxLowerPriScript, "notify_master_rx_lower_pri"),
            }, StringComparer.Ordinal);
        var groups = config.SyncGroups.ToImmutableDictionary(s => s.Name,
            s => Targets(s.NotifyMasterScript, s.NotifyBackupScript, s.NotifyFaultScript, s.NotifyStopScript, s.NotifyScript, s.SmtpAlert), StringComparer.Ordinal);

        var owner = policy.DefaultUser ?? ProcessCredentials.Current;
        FifoSettings? Fifo(string? path, NotifyScript? script, string type) =>
            path is null ? null : new FifoSettings(path, owner, Check(script, type));

        var settings = new NotifierSettings
        {
            Instances = instances,
            Groups = groups,
            NotifyFifo = Fifo(g.NotifyFifo, g.NotifyFifoScript, "notify_fifo"),
            VrrpNotifyFifo = Fifo(g.VrrpNotifyFifo, g.VrrpNotifyFifoScript, "vrrp_notify_fifo"),
            Smtp = Smtp(g),
            NoEmailFaults = g.OtherSettings.Any(s => s.Keyword == "no_email_faults"),
        };
        return (settings, messages.ToImmutable());
    }

    /// <summary>keepalived's mail defaults (core/global_data.c): host name for helo and router_id, "user@host" as sender.</summary>
    public static SmtpSettings? Smtp(GlobalDefs g)
    {
        if (g.SmtpServer is null || g.NotificationEmails.IsDefaultOrEmpty) return null;
        var host = System.Net.Dns.GetHostName();
        var from = g.NotificationEmailFrom ?? $"{UserDatabase.FindUserName(ProcessCredentials.Current.Uid) ?? "root"}@{host}";
        return new SmtpSettings(g.SmtpServer, g.SmtpServerPort, g.SmtpConnectTimeout, g.SmtpHeloName ?? host, from, g.NotificationEmails, EngineSetupBuilder.RouterId(g));
    }
}
