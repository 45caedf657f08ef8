using System.Diagnostics;
using KeepalivedSharp.Lab;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Daemon.Tests.Daemon;

/// <summary>SIGUSR1 to the checkers (-C) writes keepalived_check.data with the real servers' state (issue 11, dump).</summary>
[Trait("Category", "Root")]
[Collection(nameof(NamespaceTests))]
public class CheckDumpDaemonTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private const string Config = """
        virtual_server 10.0.0.100 80 {
            delay_loop 1
            lvs_sched rr
            lvs_method NAT
            protocol TCP
            real_server 10.0.0.2 8080 {
                TCP_CHECK {
                    connect_timeout 1
                }
            }
            real_server 10.0.0.2 8081 {
                TCP_CHECK {
                    connect_timeout 1
                }
            }
        }
        """;

    [Fact]
    public void Usr1_CheckersOnly_KeepalivedCheckDataWithAliveStates_NoVrrpDump()
    {
        using var lab = new NamespaceLab();
        var ours = lab.AddHost("chk", "eth0", true, "10.0.0.1/24");
        var peer = lab.AddHost("rs", "eth0", true, "10.0.0.2/24");
        var listener = lab.Start(peer, "python3", "-c",
            "import socket\ns=socket.socket()\ns.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\ns.bind(('10.0.0.2',8080))\ns.listen(64)\nwhile True:\n c,_=s.accept()\n c.close()\n");
        try
        {
            var sw = Stopwatch.StartNew();
            while (!NamespaceLab.Run(peer, TimeSpan.FromSeconds(5), "ss", "-ltnH", "sport = :8080").Stdout.Contains(":8080", StringComparison.Ordinal))
            {
                Assert.True(sw.Elapsed < Bound, "nothing listens on 10.0.0.2:8080");
                Thread.Sleep(50);
            }
            using var dir = new TempFolder();
            using var daemon = OurDaemon.StartWith(lab, ours, Config, [$"TMPDIR={dir.Path}"], "-C");
            daemon.Process.WaitForLine(@"TCP connection to \[10\.0\.0\.2\]:tcp:8080 success\.", Bound);
            daemon.Process.WaitForLine(@"Removing service \[10\.0\.0\.2\]:tcp:8081 from VS \[10\.0\.0\.100\]:tcp:80", Bound);
            int mark = daemon.Process.LineCount;
            daemon.Process.Signal("10");
            daemon.Process.WaitForLine(@"Writing dump .*keepalived_check\.data", Bound, mark);
            var path = Path.Combine(dir.Path, "keepalived_check.data");
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            var lines = File.ReadAllLines(path);
            // dump_rs: each real server's block, with "alive = %d" as the checker left it.
            int first = Array.IndexOf(lines, "   RIP = 10.0.0.2, RPORT = 8080, WEIGHT = 1 EFF WEIGHT = 1");
            int second = Array.FindIndex(lines, l => l.StartsWith("   RIP = 10.0.0.2, RPORT = 8081,", StringComparison.Ordinal));
            Assert.True(first >= 0 && second > first, string.Join('\n', lines));
            Assert.Contains("   alive = 1", lines[first..second]);
            Assert.Contains("   alive = 0", lines[second..]);
            Assert.Contains(" [10.0.0.100]:tcp:80 -> [10.0.0.2]:tcp:8081", lines);
            // -C runs no VRRP: keepalived's VRRP child, which writes keepalived.data, does not exist either.
            Assert.False(File.Exists(Path.Combine(dir.Path, "keepalived.data")));
        }
        finally
        {
            if (!listener.HasExited) listener.Kill();
        }
    }
}
