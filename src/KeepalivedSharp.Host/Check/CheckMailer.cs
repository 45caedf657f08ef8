using KeepalivedSharp.Config;
using KeepalivedSharp.Core.Check;
using KeepalivedSharp.Notify.Smtp;
using KeepalivedSharp.Settings;

namespace KeepalivedSharp.Host.Check;

/// <summary>
/// Which check events send an alert mail, and with what text (check_*.c, ipwrapper.c do_vs_notifies).
/// smtp_alert of a virtual server defaults to smtp_alert_checker, then smtp_alert, then off; of a real
/// server the same, then on (check_data.c validate_check_config). A checker that changes state mails,
/// or with no_checker_emails only when its real server's state changes too. Pure; the check loop's thread.
/// </summary>
public sealed class CheckMailer(KeepalivedConfig config, CheckSetup setup, string routerId, Action<SmtpAlert> send)
{
    private readonly Dictionary<(string, DestinationKey), string> _pending = [];
    private readonly HashSet<string> _virtual = [.. setup.WithConfigs()
        .Where(v => Inherited(v.Config.SmtpAlert, config.Global, otherwise: false)).Select(v => v.Settings.Id)];
    private readonly HashSet<(string, DestinationKey)> _real = [.. setup.WithConfigs().SelectMany(v => v.Config.RealServers
        .Where(r => Inherited(r.SmtpAlert, config.Global, otherwise: true))
        .Select(r => (v.Settings.Id, new DestinationKey(r.Address, r.Port))))];

    /// <summary>check_data.c validate_check_config: its own, else smtp_alert_checker, else smtp_alert, else <paramref name="otherwise"/>.</summary>
    private static bool Inherited(bool? own, GlobalDefs global, bool otherwise) =>
        own ?? global.SmtpAlertChecker ?? global.SmtpAlert ?? otherwise;

    /// <summary>After the engine's step: <paramref name="alive"/> and <paramref name="rsText"/> read the state it left.</summary>
    public void Observe(CheckAction action, Func<string, DestinationKey, bool> alive, Func<string, DestinationKey, string> rsText)
    {
        switch (action)
        {
            case CheckerResult { Changed: true } r when _real.Contains((r.Checker.VirtualServer, r.Checker.RealServer)):
                if (Body(r) is not { } body) return;
                var (vs, rs) = (r.Checker.VirtualServer, r.Checker.RealServer);
                if (config.Global.NoCheckerEmails) _pending[(vs, rs)] = body;
                else send(CheckAlerts.RealServer(routerId, rsText(vs, rs), vs, alive(vs, rs), body));
                break;
            case RealServerChanged { Initial: false } c when _pending.Remove((c.VirtualServer, c.RealServer), out var pending):
                send(CheckAlerts.RealServer(routerId, rsText(c.VirtualServer, c.RealServer), c.VirtualServer, c.Up, pending));
                break;
            case RealServerCleared { Notify: true } c when _real.Contains((c.VirtualServer, c.RealServer)):
                _pending.Remove((c.VirtualServer, c.RealServer));
                send(CheckAlerts.RealServer(routerId, rsText(c.VirtualServer, c.RealServer), c.VirtualServer, false, CheckAlerts.Cleared(c.Reason)));
                break;
            case QuorumChanged q when _virtual.Contains(q.VirtualServer):
                send(CheckAlerts.Quorum(routerId, q));
                break;
        }
    }

    private string? Body(CheckerResult r)
    {
        var vs = setup.VirtualServers.FirstOrDefault(v => v.Id == r.Checker.VirtualServer);
        var rs = vs?.RealServers.FirstOrDefault(s => s.Endpoint == r.Checker.RealServer);
        if (rs is null || r.Checker.Index >= rs.Checkers.Length) return null;
        var checker = rs.Checkers[r.Checker.Index];
        return CheckAlerts.CheckerBody(checker.Kind, r.Up, r.Detail, (checker.Probe as CheckProbe)?.Checker.BfdName);
    }
}
