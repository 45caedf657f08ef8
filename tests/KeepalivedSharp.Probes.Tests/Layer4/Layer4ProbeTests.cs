using System.Diagnostics;
using System.Net;
using KeepalivedSharp.Lab;

namespace KeepalivedSharp.Probes.Tests.Layer4;

/// <summary>
/// TCP_CHECK, UDP_CHECK and PING_CHECK against real backends in namespaces, run by the probe harness
/// (the whole probing process in the checker's namespace). Checker 10.0.0.1 (eth0) and 10.0.0.11 (eth1),
/// backend 10.0.0.2 / fd00::2 (Backends.py); 10.0.0.99 has no host; TCP 81 is dropped by nftables.
/// </summary>
[Trait("Category", "Root")]
public sealed class Layer4ProbeTests : IDisposable
{
    private readonly ProbeLab _net = new();
    private readonly NamespaceLab _lab;
    private readonly string _probe;
    private readonly string _dir;
    private readonly Process _backend;

    public Layer4ProbeTests()
    {
        (_lab, _probe, _dir) = (_net.Lab, _net.Probe, _net.Dir);
        _backend = _lab.Start(_net.Srv, "python3", "-u", Path.Combine(AppContext.BaseDirectory, "Layer4", "Backends.py"));
        var ready = _backend.StandardOutput.ReadLineAsync();
        Assert.True(ready.Wait(TimeSpan.FromSeconds(20)) && ready.Result == "ready", "backend did not start");
    }

    public void Dispose() => _net.Dispose();

    private IReadOnlyList<HarnessLine> Run(string body, int rounds = 1) => _net.Run(body, rounds);

    private static string Vs(string rs, int port, string checker, string proto = "TCP") => ProbeLab.Vs(rs, port, checker, proto);

    /// <summary>The backend's peer lines so far (tcp|udp ADDR PORT ...), read until <paramref name="count"/> arrived.</summary>
    private List<string> Peers(int count)
    {
        var lines = new List<string>();
        while (lines.Count < count)
        {
            var t = _backend.StandardOutput.ReadLineAsync();
            if (!t.Wait(TimeSpan.FromSeconds(10)) || t.Result is null) break;
            lines.Add(t.Result);
        }
        return lines;
    }

    [Fact]
    public void Tcp_UpRefusedBlackholeNoHost_V4AndV6()
    {
        var lines = Run(
            Vs("10.0.0.2", 80, "TCP_CHECK { connect_timeout 1 }") +
            Vs("10.0.0.2", 82, "TCP_CHECK { connect_timeout 1 }") +
            Vs("10.0.0.2", 81, "TCP_CHECK { connect_timeout 1 }") +
            Vs("10.0.0.99", 80, "TCP_CHECK { connect_timeout 1 }") +
            Vs("fd00::2", 80, "TCP_CHECK { connect_timeout 1 }") +
            Vs("fd00::2", 82, "TCP_CHECK { connect_timeout 1 }"));
        Assert.Equal(6, lines.Count);
        Assert.True(lines[0].Up, lines[0].Detail);
        Assert.Equal("TCP connection to [10.0.0.2]:tcp:80 success.", lines[0].Detail);
        Assert.False(lines[1].Up);
        Assert.Equal("TCP connection to [10.0.0.2]:tcp:82 failed (connection refused).", lines[1].Detail);
        Assert.False(lines[2].Up);
        Assert.Equal("TCP connection to [10.0.0.2]:tcp:81 timeout.", lines[2].Detail);
        Assert.InRange(lines[2].ElapsedMs, 900, 1500);
        Assert.False(lines[3].Up);
        Assert.True(lines[4].Up, lines[4].Detail);
        Assert.False(lines[5].Up);
        Assert.Contains("refused", lines[5].Detail, StringComparison.Ordinal);
    }

    private Process StartCapture(string pcap, string filter)
    {
        // Immediate mode: each packet reaches the file as it arrives, not when a ring block fills.
        var dump = _lab.Start(_probe, "tcpdump", "--immediate-mode", "-U", "-n", "-i", "eth0", "-w", pcap, filter);
        while (true)
        {
            var line = dump.StandardError.ReadLineAsync();
            Assert.True(line.Wait(TimeSpan.FromSeconds(10)) && line.Result is not null, "tcpdump did not start");
            if (line.Result.Contains("listening on", StringComparison.Ordinal)) return dump;
        }
    }

    [Fact]
    public void Tcp_CloseIsFinOnly_NoRstFromTheChecker_OnTheWire()
    {
        var pcap = Path.Combine(_dir, "chk.pcap");
        var dump = StartCapture(pcap, "tcp");
        var lines = Run(Vs("10.0.0.2", 80, "TCP_CHECK { connect_timeout 1 }") + Vs("fd00::2", 80, "TCP_CHECK { connect_timeout 1 }"), rounds: 5);
        Assert.All(lines, l => Assert.True(l.Up, l.Detail));
        LabShell.Signal(dump.Id, "INT");
        Assert.True(dump.WaitForExit(10_000));
        var (syn, fin, rst) = TcpFlags.Count(pcap, IPAddress.Parse("10.0.0.1"), IPAddress.Parse("fd00::1"));
        Assert.True(syn == 10, $"{syn} SYNs; {new FileInfo(pcap).Length} bytes; {LabShell.Run("tcpdump", "-n", "-r", pcap).Output}; {dump.StandardError.ReadToEnd()}");
        Assert.Equal(10, fin);
        Assert.Equal(0, rst);
    }

    [Fact]
    public void Tcp_ConnectionOptions_SeenByTheServer()
    {
        var lines = Run(
            Vs("10.0.0.2", 80, "TCP_CHECK { connect_timeout 1\n bindto 10.0.0.11\n bind_port 40001 }") +
            Vs("10.0.0.2", 80, "TCP_CHECK { connect_timeout 1\n bind_if eth1 }") +
            Vs("10.0.0.2", 80, "TCP_CHECK { connect_timeout 1\n fwmark 7 }") +
            Vs("10.0.0.99", 80, "TCP_CHECK { connect_timeout 1\n connect_ip 10.0.0.2\n connect_port 80 }") +
            Vs("10.0.0.2", 80, "TCP_CHECK { connect_timeout 1\n bindto 10.0.0.77 }"));
        Assert.Equal(5, lines.Count);
        Assert.All(lines.Take(4), l => Assert.True(l.Up, l.Detail));
        var peers = Peers(4);
        Assert.Equal("tcp 10.0.0.11 40001", peers[0]);
        Assert.StartsWith("tcp 10.0.0.11 ", peers[1], StringComparison.Ordinal);
        Assert.StartsWith("tcp 10.0.0.11 ", peers[2], StringComparison.Ordinal);
        Assert.StartsWith("tcp 10.0.0.1 ", peers[3], StringComparison.Ordinal);
        // A source address we do not have: our fault, no verdict (check_tcp.c "Rescheduling.").
        Assert.False(lines[4].Up);
        Assert.Contains("Rescheduling.", lines[4].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Tcp_BindPort_SecondRoundAfterOurFin()
    {
        // Our FIN first puts the 4-tuple in TIME_WAIT on our side; the next round binds the same port.
        var lines = Run(Vs("10.0.0.2", 80, "TCP_CHECK { connect_timeout 1\n bind_port 40002 }"), rounds: 2);
        Assert.Equal(2, lines.Count);
        Assert.True(lines[0].Up, lines[0].Detail);
        Assert.True(lines[1].Up, lines[1].Detail);
    }

    [Fact]
    public void Udp_EchoSilentRefused_RequireReplyWithMask_V4AndV6()
    {
        var lines = Run(
            Vs("10.0.0.2", 5000, "UDP_CHECK { connect_timeout 1\n require_reply 6b6565XX61 }", "UDP") +
            Vs("10.0.0.2", 5000, "UDP_CHECK { connect_timeout 1\n require_reply fe }", "UDP") +
            Vs("10.0.0.2", 5002, "UDP_CHECK { connect_timeout 1 }", "UDP") +
            Vs("10.0.0.2", 5002, "UDP_CHECK { connect_timeout 1\n require_reply }", "UDP") +
            Vs("10.0.0.2", 5001, "UDP_CHECK { connect_timeout 1 }", "UDP") +
            Vs("fd00::2", 5000, "UDP_CHECK { connect_timeout 1\n payload 0102\n require_reply 01\n max_reply_length 2 }", "UDP") +
            Vs("10.0.0.2", 5000, "UDP_CHECK { connect_timeout 1\n require_reply 6b\n max_reply_length 8 }", "UDP"));
        Assert.Equal(7, lines.Count);
        Assert.True(lines[0].Up, lines[0].Detail);
        Assert.Equal("UDP check to [10.0.0.2]:udp:5000 reply data mismatch.", lines[1].Detail);
        Assert.True(lines[2].Up, lines[2].Detail);
        Assert.InRange(lines[2].ElapsedMs, 900, 1200);
        Assert.False(lines[3].Up);
        Assert.False(lines[4].Up);
        Assert.Contains("refused", lines[4].Detail, StringComparison.Ordinal);
        Assert.True(lines[5].Up, lines[5].Detail);
        Assert.False(lines[6].Up); // the 32-byte echo is longer than max_reply_length
        var peers = Peers(6);
        Assert.Contains("udp 10.0.0.1", peers[0], StringComparison.Ordinal);
        Assert.EndsWith(" 32", peers[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Ping_LiveAndDead_V4AndV6_WidensAndRestoresPingGroupRange()
    {
        NamespaceLab.Exec(_probe, "sysctl", "-qw", "net.ipv4.ping_group_range=1 0");
        var lines = Run(
            Vs("10.0.0.2", 80, "PING_CHECK { connect_timeout 1 }") +
            Vs("10.0.0.99", 80, "PING_CHECK { connect_timeout 1 }") +
            Vs("fd00::2", 80, "PING_CHECK { connect_timeout 1 }") +
            Vs("fd00::99", 80, "PING_CHECK { connect_timeout 1 }"));
        Assert.Equal(4, lines.Count);
        Assert.True(lines[0].Up, lines[0].Detail);
        Assert.False(lines[1].Up);
        Assert.True(lines[2].Up, lines[2].Detail);
        Assert.False(lines[3].Up);
        Assert.Equal("1\t0", NamespaceLab.Exec(_probe, "cat", "/proc/sys/net/ipv4/ping_group_range").Stdout.Trim());
    }
}
