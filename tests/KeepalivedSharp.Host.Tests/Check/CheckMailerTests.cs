using System.Net;
using KeepalivedSharp.Config;
using KeepalivedSharp.Core.Check;
using KeepalivedSharp.Host.Check;
using KeepalivedSharp.Notify.Smtp;
using KeepalivedSharp.Probes;
using KeepalivedSharp.Settings;

namespace KeepalivedSharp.Host.Tests.Check;

/// <summary>The checkers' alert mails: keepalived's subjects and bodies, smtp_alert inheritance, no_checker_emails.</summary>
public sealed class CheckMailerTests
{
    private static readonly DestinationKey Rs2 = new(IPAddress.Parse("10.0.0.2"), 80);

    /// <summary>Runs start, both first checks up, then 10.0.0.2's checker down (retry 1: two failures); returns the mails.</summary>
    private static List<SmtpAlert> Run(string globals, string vsLine)
    {
        var text = $"global_defs {{\n router_id r1\n{globals}}}\n" + CheckHostTests.Config.Replace(" protocol TCP\n", $" protocol TCP\n{vsLine}", StringComparison.Ordinal);
        var (host, probes, _, _) = CheckHostTests.Rig(text);
        var r = ConfigLoader.LoadText(text, "/etc/keepalived/keepalived.conf", new ConfigOptions());
        var mails = new List<SmtpAlert>();
        var mailer = new CheckMailer(r.Config!, CheckSetupBuilder.Build(r.Config!), "r1", mails.Add);
        host.Observer = (a, _) => mailer.Observe(a, host.IsAlive, host.RealServerText);
        var now = TimeSpan.Zero;
        host.Start(now);
        void Answer(bool ok, Func<ProbeRequest, bool> which)
        {
            int seen = probes.Started.Count;
            var end = now + TimeSpan.FromSeconds(30);
            while (!probes.Started.Skip(seen).Any(which) && host.NextDeadline is { } at && at <= end) host.Tick(now = at);
            foreach (var p in probes.Started.Skip(seen).Where(which).ToList()) host.Handle(new ProbeFinished(p.Probe, ok, null, null), now);
        }
        Answer(true, _ => true);
        Answer(false, p => p.Checker.RealServer == Rs2);
        Answer(false, p => p.Checker.RealServer == Rs2);
        return mails;
    }

    [Fact]
    public void VsSmtpAlert_QuorumMails_RealServersMailByDefault_InKeepalivedsWords()
    {
        var mails = Run("", " smtp_alert\n");
        Assert.Equal([
            ("[r1] Virtualserver [10.0.0.1]:tcp:80 - UP", "=> Starting with quorum up 2+0=2 <= 2 <="),
            ("[r1] Realserver [10.0.0.2]:tcp:80 of virtual server [10.0.0.1]:tcp:80 - DOWN", "=> TCP CHECK failed on service <="),
            ("[r1] Virtualserver [10.0.0.1]:tcp:80 - DOWN", "=> Lost quorum 2+0=2 <= 1 <="),
        ], mails.Select(m => (m.Subject, m.Body)));
    }

    [Fact]
    public void GlobalSmtpAlertCheckerOff_NoMail_ItOverridesSmtpAlert()
    {
        Assert.Empty(Run(" smtp_alert\n smtp_alert_checker off\n", ""));
        // Without any, the virtual server is off and real servers are on (check_data.c's inconsistency, kept).
        Assert.Equal(["[r1] Realserver [10.0.0.2]:tcp:80 of virtual server [10.0.0.1]:tcp:80 - DOWN"], Run("", "").Select(m => m.Subject));
    }

    [Fact]
    public void NoCheckerEmails_MailOnlyWhenTheServerChanges()
    {
        // Here the checker's change takes the server out too, so the mail still goes, once.
        Assert.Single(Run(" no_checker_emails\n", ""));
    }

    /// <summary>Started, first checks answered up; mails and log lines from here on.</summary>
    private static (CheckHost Host, List<SmtpAlert> Mails, Faults.ListLogger Log) Started(string vsLines)
    {
        var text = "global_defs {\n router_id r1\n}\n" + CheckHostTests.Config.Replace(" protocol TCP\n", $" protocol TCP\n{vsLines}", StringComparison.Ordinal);
        var (host, probes, log, _) = CheckHostTests.Rig(text);
        var r = ConfigLoader.LoadText(text, "/etc/keepalived/keepalived.conf", new ConfigOptions());
        var mails = new List<SmtpAlert>();
        var mailer = new CheckMailer(r.Config!, CheckSetupBuilder.Build(r.Config!), "r1", mails.Add);
        host.Observer = (a, _) => mailer.Observe(a, host.IsAlive, host.RealServerText);
        host.Start(TimeSpan.Zero);
        while (probes.Started.Count < 2 && host.NextDeadline is { } at) host.Tick(at);
        foreach (var p in probes.Started.ToList()) host.Handle(new ProbeFinished(p.Probe, true, null, null), TimeSpan.FromSeconds(2));
        mails.Clear();
        return (host, mails, log);
    }

    private const string Rs2Subject = "[r1] Realserver [10.0.0.2]:tcp:80 of virtual server [10.0.0.1]:tcp:80 - DOWN";
    private const string Rs3Subject = "[r1] Realserver [10.0.0.3]:tcp:80 of virtual server [10.0.0.1]:tcp:80 - DOWN";

    [Fact]
    public void Shutdown_WithOmega_ShuttingDownMails_ForEachLiveServerAndTheVirtualServer()
    {
        var (host, mails, log) = Started(" smtp_alert\n omega\n");
        host.Stop(TimeSpan.FromSeconds(3));
        // ipwrapper.c clear_service_rs and do_vs_notifies with stopping set.
        Assert.Equal([
            (Rs2Subject, "=> Shutting down <="),
            (Rs3Subject, "=> Shutting down <="),
            ("[r1] Virtualserver [10.0.0.1]:tcp:80 - DOWN", "=> Shutting down <="),
        ], mails.Select(m => (m.Subject, m.Body)));
        Assert.Contains("Shutting down service [10.0.0.2]:tcp:80 from VS [10.0.0.1]:tcp:80", log.WithId(1410));
        Assert.DoesNotContain(log.WithId(1412), l => l.Contains("Lost quorum", StringComparison.Ordinal));
    }

    [Fact]
    public void Shutdown_WithoutOmega_NoMail_StillLogsShuttingDown()
    {
        var (host, mails, log) = Started(" smtp_alert\n");
        host.Stop(TimeSpan.FromSeconds(3));
        Assert.Empty(mails);
        Assert.Equal(2, log.WithId(1410).Count(l => l.StartsWith("Shutting down service ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Reload_DroppingALiveServer_RemovingMail_NoLongerExistLine()
    {
        var (host, mails, log) = Started("");
        var text = "global_defs {\n router_id r1\n}\n" + CheckHostTests.Config[..CheckHostTests.Config.IndexOf(" real_server 10.0.0.3", StringComparison.Ordinal)] + "}\n";
        var next = ConfigLoader.LoadText(text, "/etc/keepalived/keepalived.conf", new ConfigOptions()).Config!;
        host.Reload(CheckSetupBuilder.Build(next), TimeSpan.FromSeconds(3));
        Assert.Equal([(Rs3Subject, "=> Removing <=")], mails.Select(m => (m.Subject, m.Body)));
        Assert.Contains("service [10.0.0.3]:tcp:80 no longer exist", log.WithId(1416));
        Assert.Contains("Removing service [10.0.0.3]:tcp:80 from VS [10.0.0.1]:tcp:80", log.WithId(1410));
    }
}
