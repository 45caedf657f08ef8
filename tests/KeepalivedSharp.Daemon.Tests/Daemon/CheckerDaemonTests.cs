using System.Diagnostics;
using System.Text.Json;
using KeepalivedSharp.Lab;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Daemon.Tests.Daemon;

/// <summary>
/// The health checkers in the running daemon (-C), against real backends in the peer namespace: the
/// log lines keepalived users grep for, and status, as a backend fails and comes back (issue 11).
/// </summary>
[Trait("Category", "Root")]
[Collection(nameof(NamespaceTests))]
public class CheckerDaemonTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private const string Config = """
        virtual_server 10.0.0.100 80 {
            quorum_down "/usr/bin/touch DIR/quorum-down"
            delay_loop 1
            lvs_sched rr
            lvs_method NAT
            protocol TCP
            real_server 10.0.0.2 8080 {
                notify_down "/usr/bin/touch DIR/rs-down"
                TCP_CHECK {
                    connect_timeout 1
                    retry 1
                    delay_before_retry 1
                }
            }
            real_server 10.0.0.2 8081 {
                TCP_CHECK {
                    connect_timeout 1
                }
            }
        }
        """;

    /// <summary>The checker (10.0.0.1) and the backends (10.0.0.2) on one bridge, with prefix routes (a checker connects, it does not only multicast).</summary>
    private sealed class CheckLab : IDisposable
    {
        public NamespaceLab Lab { get; } = new();
        public string Ours { get; }
        public string Peer { get; }

        public CheckLab()
        {
            Ours = Lab.AddHost("chk", "eth0", true, "10.0.0.1/24");
            Peer = Lab.AddHost("rs", "eth0", true, "10.0.0.2/24");
        }

        public void Dispose() => Lab.Dispose();
    }

    private static Process Listen(CheckLab lab, int port)
    {
        var p = lab.Lab.Start(lab.Peer, "python3", "-c",
            $"import socket,time\ns=socket.socket()\ns.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\ns.bind(('10.0.0.2',{port}))\ns.listen(64)\nwhile True:\n c,_=s.accept()\n c.close()\n");
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < Bound)
        {
            if (NamespaceLab.Run(lab.Peer, TimeSpan.FromSeconds(5), "ss", "-ltnH", $"sport = :{port}").Stdout.Contains($":{port}", StringComparison.Ordinal)) return p;
            Thread.Sleep(50);
        }
        throw new TimeoutException($"nothing listens on 10.0.0.2:{port}");
    }

    [Fact]
    public void TcpCheck_BackendDownAndBack_LoggedInKeepalivedsWords_StatusFollows()
    {
        using var lab = new CheckLab();
        var listener = Listen(lab, 8080);
        try
        {
            using var dir = new TempFolder();
            using var ours = OurDaemon.Start(lab.Lab, lab.Ours, Config.Replace("DIR", dir.Path, StringComparison.Ordinal), "-C");
            ours.Process.WaitForLine(@"Activating healthchecker for service \[10\.0\.0\.2\]:tcp:8080 for VS \[10\.0\.0\.100\]:tcp:80", Bound);
            ours.Process.WaitForLine(@"TCP connection to \[10\.0\.0\.2\]:tcp:8080 success\.", Bound);
            ours.Process.WaitForLine(@"TCP_CHECK on service \[10\.0\.0\.2\]:tcp:8081 failed\.", Bound);
            ours.Process.WaitForLine(@"Removing service \[10\.0\.0\.2\]:tcp:8081 from VS \[10\.0\.0\.100\]:tcp:80", Bound);
            Assert.Equal((true, false), Alive(ours));

            int mark = ours.Process.LineCount;
            listener.Kill();
            listener.WaitForExit(5000);
            // retry 1: two failed attempts, then down, and with it the quorum of 1.
            ours.Process.WaitForLine(@"TCP_CHECK on service \[10\.0\.0\.2\]:tcp:8080 failed after 1 retries\.", Bound, mark);
            ours.Process.WaitForLine(@"Removing service \[10\.0\.0\.2\]:tcp:8080 from VS \[10\.0\.0\.100\]:tcp:80", Bound, mark);
            ours.Process.WaitForLine(@"Lost quorum 1-0=1 > 0 for VS \[10\.0\.0\.100\]:tcp:80", Bound, mark);
            Assert.Equal((false, false), Alive(ours));
            // notify_down and quorum_down run as written, with no added arguments (ipwrapper.c do_rs_notifies).
            Assert.True(WaitFile(Path.Combine(dir.Path, "rs-down")) && WaitFile(Path.Combine(dir.Path, "quorum-down")));

            mark = ours.Process.LineCount;
            listener = Listen(lab, 8080);
            ours.Process.WaitForLine(@"TCP connection to \[10\.0\.0\.2\]:tcp:8080 success\.", Bound, mark);
            ours.Process.WaitForLine(@"Adding service \[10\.0\.0\.2\]:tcp:8080 to VS \[10\.0\.0\.100\]:tcp:80", Bound, mark);
            ours.Process.WaitForLine(@"Gained quorum 1\+0=1 <= 1 for VS \[10\.0\.0\.100\]:tcp:80", Bound, mark);
            Assert.Equal((true, false), Alive(ours));
        }
        finally
        {
            if (!listener.HasExited) listener.Kill();
        }
    }

    private static bool WaitFile(string path)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < Bound && !File.Exists(path)) Thread.Sleep(50);
        return File.Exists(path);
    }

    /// <summary>status --json: whether each real server (8080, 8081) is alive.</summary>
    private static (bool, bool) Alive(OurDaemon ours)
    {
        var r = LabShell.Run(OurDaemon.Command()[0], [.. OurDaemon.Command()[1..], "status", "--json", "--socket", ours.ControlSocket], TimeSpan.FromSeconds(20));
        Assert.True(r.ExitCode == 0, r.Output);
        using var doc = JsonDocument.Parse(r.Stdout);
        var rs = doc.RootElement.GetProperty("virtual_servers")[0].GetProperty("real_servers");
        return (rs[0].GetProperty("alive").GetBoolean(), rs[1].GetProperty("alive").GetBoolean());
    }
}
