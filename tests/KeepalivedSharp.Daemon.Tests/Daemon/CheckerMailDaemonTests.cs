using KeepalivedSharp.Lab;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Daemon.Tests.Daemon;

/// <summary>
/// The checkers' alert mails from the running daemon (-C) to Debian's aiosmtpd in the peer namespace,
/// which prints each mail it gets: "=> Removing &lt;=" for a live server a reload drops, and with omega
/// "=> Shutting down &lt;=" for each live server and the virtual server at stop (ipwrapper.c
/// clear_service_rs, do_vs_notifies).
/// </summary>
[Trait("Category", "Root")]
[Collection(nameof(NamespaceTests))]
public class CheckerMailDaemonTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static string Config(bool both) => $$"""
        global_defs {
            router_id lb1
            smtp_server 10.0.0.2 25
            smtp_connect_timeout 5
            notification_email {
                ops@example.test
            }
            notification_email_from keepalived@lb1.test
        }
        virtual_server 10.0.0.100 80 {
            delay_loop 1
            lvs_sched rr
            lvs_method NAT
            protocol TCP
            omega
            smtp_alert
            real_server 10.0.0.2 25 {
                TCP_CHECK {
                    connect_timeout 1
                }
            }
        {{(both ? """
            real_server 10.0.0.2 26 {
                TCP_CHECK {
                    connect_timeout 1
                }
            }
        """ : "")}}
        }
        """;

    /// <summary>aiosmtpd's Debugging handler on 10.0.0.2:port, unbuffered, ready when it listens.</summary>
    private static DaemonProcess Smtpd(NamespaceLab lab, string ns, int port) => new(NetCheckerDaemonTests.Ready(
        lab.Start(ns, "/usr/bin/python3", "-u", "-m", "aiosmtpd", "-n", "-c", "aiosmtpd.handlers.Debugging", "-l", $"10.0.0.2:{port}"), ns, "-ltnH", port));

    // MailKit folds a subject past 78 columns (RFC 5322 2.2.3); the continuation line carries "[vs] - DOWN".
    [Fact]
    public void ReloadDroppingLiveServer_RemovingMail_StopWithOmega_ShuttingDownMails()
    {
        using var lab = new NamespaceLab();
        var ns = lab.AddHost("chk", "eth0", true, "10.0.0.1/24");
        var peer = lab.AddHost("rs", "eth0", true, "10.0.0.2/24");
        using var mail = Smtpd(lab, peer, 25);
        using var other = Smtpd(lab, peer, 26);
        using var daemon = OurDaemon.Start(lab, ns, Config(both: true), "-C");
        var p = daemon.Process;
        p.WaitForLine(@"TCP connection to \[10\.0\.0\.2\]:tcp:25 success", Bound);
        p.WaitForLine(@"TCP connection to \[10\.0\.0\.2\]:tcp:26 success", Bound);
        mail.WaitForLine(@"Starting with quorum up", Bound);

        File.WriteAllText(daemon.ConfigPath, Config(both: false));
        int mark = p.LineCount, mailMark = mail.LineCount;
        p.Signal("HUP");
        p.WaitForLine(@"service \[10\.0\.0\.2\]:tcp:26 no longer exist", Bound, mark);
        p.WaitForLine(@"Removing service \[10\.0\.0\.2\]:tcp:26 from VS \[10\.0\.0\.100\]:tcp:80", Bound, mark);
        int subject = mail.WaitForLine(@"^Subject: \[lb1\] Realserver \[10\.0\.0\.2\]:tcp:26 of virtual server", Bound, mailMark);
        mail.WaitForLine(@"^ \[10\.0\.0\.100\]:tcp:80 - DOWN$", Bound, subject);
        mail.WaitForLine(@"^=> Removing <=", Bound, subject);

        mailMark = mail.LineCount;
        p.Signal("TERM");
        Assert.True(p.WaitForExit(Bound), "the daemon did not stop");
        Assert.Equal(0, p.ExitCode);
        Assert.Contains(p.Lines, l => l.Contains("Shutting down service [10.0.0.2]:tcp:25 from VS [10.0.0.100]:tcp:80", StringComparison.Ordinal));
        subject = mail.WaitForLine(@"^Subject: \[lb1\] Realserver \[10\.0\.0\.2\]:tcp:25 of virtual server", Bound, mailMark);
        mail.WaitForLine(@"^=> Shutting down <=", Bound, subject);
        subject = mail.WaitForLine(@"^Subject: \[lb1\] Virtualserver \[10\.0\.0\.100\]:tcp:80 - DOWN", Bound, mailMark);
        mail.WaitForLine(@"^=> Shutting down <=", Bound, subject);
    }
}
