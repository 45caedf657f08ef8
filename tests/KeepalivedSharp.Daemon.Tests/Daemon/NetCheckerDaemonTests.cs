using System.Diagnostics;
using KeepalivedSharp.Lab;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Daemon.Tests.Daemon;

/// <summary>
/// DNS_CHECK and SMTP_CHECK in the running daemon (-C) against real servers in the peer namespace
/// (dnsmasq, aiosmtpd): each server stopped takes its real server out, started again brings it back.
/// </summary>
[Trait("Category", "Root")]
[Collection(nameof(NamespaceTests))]
public class NetCheckerDaemonTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private const string Config = """
        virtual_server 10.0.0.100 53 {
            delay_loop 1
            lvs_sched rr
            lvs_method NAT
            protocol UDP
            real_server 10.0.0.2 53 {
                DNS_CHECK {
                    connect_timeout 1
                    retry 1
                    delay_before_retry 1
                    type A
                    name www.example.test
                }
            }
        }
        virtual_server 10.0.0.100 25 {
            delay_loop 1
            lvs_sched rr
            lvs_method NAT
            protocol TCP
            real_server 10.0.0.2 25 {
                SMTP_CHECK {
                    connect_timeout 1
                    retry 1
                    delay_before_retry 1
                    helo_name daemon.test
                }
            }
        }
        """;

    private static Process Dnsmasq(NamespaceLab lab, string ns, string dir) => Ready(lab.Start(ns, "dnsmasq", "--no-daemon", "--conf-file=/dev/null",
        "--port=53", "--bind-interfaces", "--listen-address=10.0.0.2", "--no-resolv", "--no-hosts", "--user=root",
        $"--pid-file={Path.Combine(dir, "dnsmasq.pid")}", "--auth-server=ns.example.test,eth0", "--auth-zone=example.test",
        "--host-record=www.example.test,10.0.0.5"), ns, "-lunH", 53);

    private static Process Smtpd(NamespaceLab lab, string ns) =>
        Ready(lab.Start(ns, "/usr/bin/python3", "-m", "aiosmtpd", "-n", "-l", "10.0.0.2:25"), ns, "-ltnH", 25);

    /// <summary>Returns <paramref name="p"/> once something listens on 10.0.0.2:port in <paramref name="ns"/>.</summary>
    internal static Process Ready(Process p, string ns, string ssFlags, int port)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < Bound)
        {
            if (NamespaceLab.Run(ns, TimeSpan.FromSeconds(5), "ss", ssFlags, $"sport = :{port}").Stdout.Contains($":{port}", StringComparison.Ordinal)) return p;
            if (p.HasExited) throw new InvalidOperationException($"server for port {port} exited: {p.StandardError.ReadToEnd()}");
            Thread.Sleep(50);
        }
        throw new TimeoutException($"nothing listens on 10.0.0.2:{port}");
    }

    /// <summary>status --json: whether the DNS virtual server's checker has run and is up.</summary>
    private static bool DnsCheckerPassed(OurDaemon ours)
    {
        using var doc = ours.StatusJson();
        var c = doc.RootElement.GetProperty("virtual_servers")[0].GetProperty("real_servers")[0].GetProperty("checkers")[0];
        return c.GetProperty("has_run").GetBoolean() && c.GetProperty("up").GetBoolean();
    }

    private static void Stop(Process p)
    {
        p.Kill();
        p.WaitForExit(5000);
    }

    [Fact]
    public void DnsAndSmtpCheck_ServerStopsAndStarts_RealServerRemovedAndAdded()
    {
        using var lab = new NamespaceLab();
        var ours = lab.AddHost("chk", "eth0", true, "10.0.0.1/24");
        var peer = lab.AddHost("rs", "eth0", true, "10.0.0.2/24");
        using var dir = new TempFolder();
        var dns = Dnsmasq(lab, peer, dir.Path);
        var smtp = Smtpd(lab, peer);
        using var daemon = OurDaemon.Start(lab, ours, Config, "-C");
        var p = daemon.Process;
        p.WaitForLine(@"Remote SMTP server \[10\.0\.0\.2\]:tcp:25 succeed on service\.", Bound);
        // DNS_CHECK logs nothing on success (check_dns.c dns_final), and the warmup may run it after SMTP's:
        // status says when it has passed once, so that stopping dnsmasq is a failure after a success.
        var sw = Stopwatch.StartNew();
        while (!DnsCheckerPassed(daemon) && sw.Elapsed < Bound) Thread.Sleep(100);
        Assert.True(DnsCheckerPassed(daemon), "DNS_CHECK never passed against dnsmasq");

        int mark = p.LineCount;
        Stop(dns);
        // retry 1: two failed attempts; the closed port answers with ICMP port unreachable. "after 1 retries"
        // is only added once the checker has run, so the first attempt had passed.
        p.WaitForLine(@"DNS_CHECK \(\[10\.0\.0\.2\]:udp:53\) failed to read socket; errno 111 \(Connection refused\) after 1 retries$", Bound, mark);
        p.WaitForLine(@"Removing service \[10\.0\.0\.2\]:udp:53 from VS \[10\.0\.0\.100\]:udp:53", Bound, mark);
        mark = p.LineCount;
        Stop(smtp);
        p.WaitForLine(@"SMTP_CHECK Could not connect to server \[10\.0\.0\.2\]:25", Bound, mark);
        p.WaitForLine(@"Removing service \[10\.0\.0\.2\]:tcp:25 from VS \[10\.0\.0\.100\]:tcp:25", Bound, mark);

        mark = p.LineCount;
        dns = Dnsmasq(lab, peer, dir.Path);
        smtp = Smtpd(lab, peer);
        p.WaitForLine(@"Adding service \[10\.0\.0\.2\]:udp:53 to VS \[10\.0\.0\.100\]:udp:53", Bound, mark);
        p.WaitForLine(@"Adding service \[10\.0\.0\.2\]:tcp:25 to VS \[10\.0\.0\.100\]:tcp:25", Bound, mark);
    }
}
