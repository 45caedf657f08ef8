using System.Diagnostics;
using System.Net;
using KeepalivedSharp.Lab;
using KeepalivedSharp.Probes.Tests.Layer4;

namespace KeepalivedSharp.Probes.Tests.Net;

/// <summary>
/// DNS_CHECK and SMTP_CHECK against real servers in namespaces, run by the probe harness (the whole probing
/// process in the checker's namespace): dnsmasq (authoritative for example.test, no upstream) on 53,
/// aiosmtpd on 25 and the scripted servers of NetBackends.py. Checker 10.0.0.1 (eth0) and 10.0.0.11 (eth1,
/// also fwmark 7's source), server 10.0.0.2 / fd00::2; TCP 81 is dropped by nftables.
/// </summary>
[Trait("Category", "Root")]
public sealed class NetProbeTests : IDisposable
{
    private readonly ProbeLab _net = new();
    private readonly NamespaceLab _lab;
    private readonly string _probe;
    private readonly string _srv;
    private readonly string _dir;
    private readonly Process _backend;
    private readonly Process _dnsmasq;

    public NetProbeTests()
    {
        (_lab, _probe, _srv, _dir) = (_net.Lab, _net.Probe, _net.Srv, _net.Dir);
        _backend = _lab.Start(_srv, "/usr/bin/python3", "-u", Path.Combine(AppContext.BaseDirectory, "Net", "NetBackends.py"));
        Assert.True(WaitLine(_backend.StandardOutput, l => l == "ready", TimeSpan.FromSeconds(30)) is not null, "backends did not start: " + Drain(_backend.StandardError));
        _dnsmasq = _lab.Start(_srv, "dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--port=53", "--bind-interfaces",
            "--listen-address=10.0.0.2", "--listen-address=fd00::2", "--no-resolv", "--no-hosts", "--user=root",
            $"--pid-file={Path.Combine(_dir, "dnsmasq.pid")}", "--log-queries", "--log-facility=-",
            "--auth-server=ns.example.test,eth0", "--auth-zone=example.test", "--host-record=www.example.test,10.0.0.5");
        Assert.True(WaitLine(_dnsmasq.StandardError, l => l.Contains("cleared cache", StringComparison.Ordinal), TimeSpan.FromSeconds(20)) is not null, "dnsmasq did not start");
    }

    public void Dispose() => _net.Dispose();

    private static string? WaitLine(StreamReader reader, Func<string, bool> match, TimeSpan within)
    {
        var until = Stopwatch.GetTimestamp() + (long)(within.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
        {
            var t = reader.ReadLineAsync();
            if (!t.Wait(TimeSpan.FromSeconds(Math.Max(0.1, (until - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency))) || t.Result is null) return null;
            if (match(t.Result)) return t.Result;
        }
        return null;
    }

    private static string Drain(StreamReader reader)
    {
        var t = reader.ReadToEndAsync();
        return t.Wait(TimeSpan.FromSeconds(2)) ? t.Result : "";
    }

    /// <summary>The next <paramref name="count"/> backend lines that start with <paramref name="kind"/> ("dns", "smtp").</summary>
    private List<string> Events(string kind, int count)
    {
        var lines = new List<string>();
        while (lines.Count < count && WaitLine(_backend.StandardOutput, l => l.StartsWith(kind + " ", StringComparison.Ordinal), TimeSpan.FromSeconds(10)) is { } l)
            lines.Add(l);
        return lines;
    }

    private IReadOnlyList<HarnessLine> Run(string body, int rounds = 1) => _net.Run(body, rounds);

    private static string Vs(string rs, int port, string checker, string proto = "TCP") => ProbeLab.Vs(rs, port, checker, proto);

    private static string Dns(string rs, int port, string body) => Vs(rs, port, $"DNS_CHECK {{ connect_timeout 2\n {body} }}", "UDP");

    [Fact]
    public void Dns_Dnsmasq_AnswersPass_RefusedAndNxdomainFail_V4AndV6()
    {
        var lines = Run(
            Dns("10.0.0.2", 53, "type SOA\n name example.test") +
            Dns("10.0.0.2", 53, "type A\n name www.example.test.") +
            Dns("10.0.0.2", 53, "") +
            Dns("10.0.0.2", 53, "type a\n name nx.example.test") +
            Dns("fd00::2", 53, "type AAAA\n name www.example.test"));
        Assert.Equal(5, lines.Count);
        Assert.True(lines[0].Up, lines[0].Detail);
        Assert.Equal("DNS_CHECK ([10.0.0.2]:udp:53) succeed.", lines[0].Detail);
        Assert.True(lines[1].Up, lines[1].Detail);
        // The default query (SOA of the root) is not dnsmasq's to answer without an upstream: REFUSED.
        Assert.Equal("DNS_CHECK ([10.0.0.2]:udp:53) read error occurred. (rcode = 5)", lines[2].Detail);
        Assert.Equal("DNS_CHECK ([10.0.0.2]:udp:53) read error occurred. (rcode = 3)", lines[3].Detail);
        // No AAAA for the name, but RCODE 0: the answer count is not looked at (check_dns.c).
        Assert.True(lines[4].Up, lines[4].Detail);
        Assert.Equal("DNS_CHECK ([fd00::2]:udp:53) succeed.", lines[4].Detail);
    }

    [Fact]
    public void Dns_Scripted_StrayRepliesDropped_SilentTimesOut_ServfailAndClosedPortFail_QueryIsKeepaliveds()
    {
        var lines = Run(
            Dns("10.0.0.2", 5353, "name tricky.test") +
            Vs("10.0.0.2", 5353, "DNS_CHECK { connect_timeout 1\n name silent.test }", "UDP") +
            Dns("10.0.0.2", 5353, "name servfail.test") +
            Dns("10.0.0.2", 5354, "") +
            Dns("fd00::2", 5353, "type MX\n name tricky.test"));
        Assert.Equal(5, lines.Count);
        Assert.True(lines[0].Up, lines[0].Detail);
        Assert.InRange(lines[0].ElapsedMs, 0, 1000);
        Assert.Equal("DNS_CHECK ([10.0.0.2]:udp:5353) read timeout from socket", lines[1].Detail);
        Assert.InRange(lines[1].ElapsedMs, 900, 1240);
        Assert.Equal("DNS_CHECK ([10.0.0.2]:udp:5353) read error occurred. (rcode = 2)", lines[2].Detail);
        Assert.Equal("DNS_CHECK ([10.0.0.2]:udp:5354) failed to read socket; errno 111 (Connection refused)", lines[3].Detail);
        Assert.True(lines[4].Up, lines[4].Detail);
        var events = Events("dns", 4);
        Assert.Equal(4, events.Count);
        // RD only, one question, no EDNS record; QTYPE 6 (SOA default), QCLASS IN.
        var f = events[0].Split(' ');
        Assert.Equal(("10.0.0.1", "0100", "tricky.test", "6"), (f[1], f[3], f[4], f[5]));
        Assert.Equal("0100" + "0001000000000000" + "06747269636b7904746573740000060001", f[6]);
        Assert.Equal(("fd00::1", "15"), (events[3].Split(' ')[1], events[3].Split(' ')[5]));
    }

    [Fact]
    public void Dns_ConnectionOptions_SeenByTheServer_UnusableSourceReschedules()
    {
        var lines = Run(
            Dns("10.0.0.2", 53, "type A\n name www.example.test\n bindto 10.0.0.11\n bind_port 40053") +
            Dns("10.0.0.2", 53, "type A\n name www.example.test\n bind_if eth1") +
            Dns("10.0.0.2", 53, "type A\n name www.example.test\n fwmark 7") +
            Dns("10.0.0.99", 80, "type A\n name www.example.test\n connect_ip 10.0.0.2\n connect_port 53") +
            Dns("10.0.0.2", 53, "bindto 10.0.0.77"));
        Assert.Equal(5, lines.Count);
        Assert.All(lines.Take(4), l => Assert.True(l.Up, l.Detail));
        Assert.Equal("DNS_CHECK ([10.0.0.99]:udp:80) succeed.", lines[3].Detail);
        Assert.Equal("DNS_CHECK ([10.0.0.2]:udp:53) UDP socket bind failed. Rescheduling.", lines[4].Detail);
        var from = new List<string>();
        while (from.Count < 4 && WaitLine(_dnsmasq.StandardError, l => l.Contains("auth[A] www.example.test from", StringComparison.Ordinal), TimeSpan.FromSeconds(10)) is { } l)
            from.Add(l[(l.LastIndexOf(' ') + 1)..]);
        Assert.Equal(["10.0.0.11", "10.0.0.11", "10.0.0.11", "10.0.0.1"], from);
    }

    private static string Smtp(string rs, int port, string body = "") => Vs(rs, port, $"SMTP_CHECK {{ connect_timeout 1\n {body} }}");

    [Fact]
    public void Smtp_Aiosmtpd_UpV4V6_HeloName_RefusedDroppedMuteBadGreetingFail()
    {
        var lines = Run(
            Smtp("10.0.0.2", 25) +
            Smtp("fd00::2", 25, "helo_name probe.example") +
            Smtp("10.0.0.2", 26) +
            Smtp("10.0.0.2", 81) +
            Smtp("10.0.0.2", 2526) +
            Smtp("10.0.0.2", 2527));
        Assert.Equal(6, lines.Count);
        Assert.True(lines[0].Up, lines[0].Detail);
        Assert.Equal("Remote SMTP server [10.0.0.2]:tcp:25 succeed on service.", lines[0].Detail);
        Assert.True(lines[1].Up, lines[1].Detail);
        Assert.Equal("SMTP_CHECK Could not connect to server [10.0.0.2]:26", lines[2].Detail);
        Assert.Equal("SMTP_CHECK Connection timeout to server [10.0.0.2]:81", lines[3].Detail);
        Assert.InRange(lines[3].ElapsedMs, 900, 1500);
        Assert.Equal("SMTP_CHECK Read timeout from server [10.0.0.2]:2526", lines[4].Detail);
        Assert.InRange(lines[4].ElapsedMs, 900, 1500);
        Assert.Equal("SMTP_CHECK Bad greeting banner from server [10.0.0.2]:2527", lines[5].Detail);
        // MailKit greets with EHLO (keepalived: HELO), with helo_name, then QUITs.
        Assert.Equal(["smtp EHLO smtpchecker.keepalived.org 10.0.0.1", "smtp QUIT 10.0.0.1", "smtp EHLO probe.example fd00::1", "smtp QUIT fd00::1"],
            Events("smtp", 4).Select(e => string.Join(' ', e.Split(' ')[..^1])));
    }

    [Fact]
    public void Smtp_ConnectionOptions_AndDeprecatedHostBlocks()
    {
        var lines = Run(
            Smtp("10.0.0.2", 25, "bindto 10.0.0.11\n bind_port 40025") +
            Smtp("10.0.0.2", 25, "bind_if eth1") +
            Smtp("10.0.0.2", 25, "fwmark 7") +
            // No connection option of its own: the first host block becomes the checker, the next one another (check_smtp.c).
            Vs("10.0.0.99", 80, "SMTP_CHECK {\n host {\n connect_ip 10.0.0.2\n connect_port 25\n connect_timeout 1\n }\n host {\n connect_ip 10.0.0.2\n connect_port 26\n }\n }") +
            Smtp("10.0.0.2", 25, "bindto 10.0.0.77"));
        Assert.Equal(6, lines.Count);
        Assert.All(lines.Take(4), l => Assert.True(l.Up, l.Detail));
        Assert.Equal("Remote SMTP server [10.0.0.99]:tcp:80 succeed on service.", lines[3].Detail);
        Assert.Equal("SMTP_CHECK Could not connect to server [10.0.0.2]:26", lines[4].Detail);
        Assert.Equal("SMTP_CHECK socket bind failed. Rescheduling.", lines[5].Detail);
        var ehlo = Events("smtp", 8).Where(e => e.StartsWith("smtp EHLO", StringComparison.Ordinal)).Select(e => e.Split(' ')[3..]).ToList();
        Assert.Equal(4, ehlo.Count);
        Assert.Equal(["10.0.0.11", "40025"], ehlo[0]);
        Assert.Equal("10.0.0.11", ehlo[1][0]);
        Assert.Equal("10.0.0.11", ehlo[2][0]);
        Assert.Equal("10.0.0.1", ehlo[3][0]);
    }

    [Fact]
    public void Smtp_CloseIsFinOnly_NoRstFromTheChecker_OnTheWire()
    {
        var pcap = Path.Combine(_dir, "smtp.pcap");
        var dump = _lab.Start(_probe, "tcpdump", "--immediate-mode", "-U", "-n", "-i", "eth0", "-w", pcap, "tcp port 25");
        Assert.NotNull(WaitLine(dump.StandardError, l => l.Contains("listening on", StringComparison.Ordinal), TimeSpan.FromSeconds(10)));
        var lines = Run(Smtp("10.0.0.2", 25) + Smtp("fd00::2", 25), rounds: 3);
        Assert.All(lines, l => Assert.True(l.Up, l.Detail));
        LabShell.Signal(dump.Id, "INT");
        Assert.True(dump.WaitForExit(10_000));
        var (syn, fin, rst) = TcpFlags.Count(pcap, IPAddress.Parse("10.0.0.1"), IPAddress.Parse("fd00::1"));
        Assert.Equal(6, syn);
        Assert.Equal(6, fin);
        Assert.Equal(0, rst);
    }
}
