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
    private readonly Dictionary<(string, Core.Check.DestinationKey), string> _pending = [];
    private readonly HashSet<string> _virtual = Flags(config, setup, rs: false);
    private readonly HashSet<string> _real = Flags(config, setup, rs: true);

    /// <summary>The ids ("vs" or "vs rs") whose smtp_alert is on after inheritance.</summary>
    private static HashSet<string> Flags(KeepalivedConfig config, CheckSetup setup, bool rs)
    {
        var g = config.Global;
        var on = new HashSet<string>(StringComparer.Ordinal);
        // CheckSetupBuilder makes one virtual server per config block, in order.
        for (int i = 0; i < setup.VirtualServers.Length && i < config.VirtualServers.Length; i++)
        {
            var vs = config.VirtualServers[i];
            var id = setup.VirtualServers[i].Id;
            if (!rs && (vs.SmtpAlert ?? g.SmtpAlertChecker ?? g.SmtpAlert ?? false)) on.Add(id);
            if (rs)
                foreach (var r in vs.RealServers.Where(r => r.SmtpAlert ?? g.SmtpAlertChecker ?? g.SmtpAlert ?? true))
                    on.Add($"{id} {new Core.Check.DestinationKey(r.Address, r.Port)}");
        }
        return on;
    }

    /// <summary>After the engine's step: <paramref name="alive"/> and <paramref name="rsText"/> read the state it left.</summary>
    public void Observe(CheckAction action, Func<string, Core.Check.DestinationKey, bool> alive, Func<string, Core.Check.DestinationKey, string> rsText)
    {
        switch (action)
        {
            case CheckerResult { Changed: true } r when _real.Contains($"{r.Checker.VirtualServer} {r.Checker.RealServer}"):
                if (Body(r) is not { } body) return;
                var (vs, rs) = (r.Checker.VirtualServer, r.Checker.RealServer);
                if (config.Global.NoCheckerEmails) _pending[(vs, rs)] = body;
                else send(CheckAlerts.RealServer(routerId, rsText(vs, rs), vs, alive(vs, rs), body));
                break;
            case RealServerChanged { Initial: false } c when _pending.Remove((c.VirtualServer, c.RealServer), out var pending):
                send(CheckAlerts.RealServer(routerId, rsText(c.VirtualServer, c.RealServer), c.VirtualServer, c.Up, pending));
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
