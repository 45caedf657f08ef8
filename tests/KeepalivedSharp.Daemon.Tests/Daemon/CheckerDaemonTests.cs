using System.Diagnostics;
using System.Text.Json;
using KeepalivedSharp.Lab;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Daemon.Tests.Daemon;

/// <summary>
/// The health checkers in the running daemon (-C), against real backends in the peer namespace: the
/// log lines keepalived users grep for, and status, as a backend fails and comes back (issue 11); MISC_CHECK
/// and FILE_CHECK driven by files.
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

    /// <summary>
    /// ha_suspend: with the VIP absent the checkers start deactivated and never connect; the address
    /// added (as VRRP would as MASTER) activates them, and deleted suspends them (check_api.c update_checker_activity).
    /// </summary>
    [Fact]
    public void HaSuspend_CheckersFollowTheVipOnTheInterface()
    {
        using var lab = new CheckLab();
        var listener = Listen(lab, 8080);
        try
        {
            var config = """
                virtual_server 10.0.0.100 80 {
                    delay_loop 1
                    lvs_sched rr
                    protocol TCP
                    ha_suspend
                    real_server 10.0.0.2 8080 {
                        TCP_CHECK {
                            connect_timeout 1
                        }
                    }
                }
                """;
            using var ours = OurDaemon.Start(lab.Lab, lab.Ours, config, "-C", "--lb-backend", "none");
            ours.Process.WaitForLine(@"Deactivating healthchecker for service \[10\.0\.0\.2\]:tcp:8080 for VS \[10\.0\.0\.100\]:tcp:80", Bound);
            // Suspended: three delay_loops (and the 1 s warmup) pass without a connection.
            Assert.Throws<TimeoutException>(() => ours.Process.WaitForLine(@"TCP connection to", TimeSpan.FromSeconds(4)));

            int mark = ours.Process.LineCount;
            NamespaceLab.Run(lab.Ours, Bound, "ip", "addr", "add", "10.0.0.100/32", "dev", "eth0");
            ours.Process.WaitForLine(@"Netlink reflector reports IP 10\.0\.0\.100 added", Bound, mark);
            ours.Process.WaitForLine(@"Activating healthchecker for service \[10\.0\.0\.2\]:tcp:8080 for VS \[10\.0\.0\.100\]:tcp:80", Bound, mark);
            ours.Process.WaitForLine(@"TCP connection to \[10\.0\.0\.2\]:tcp:8080 success\.", Bound, mark);

            mark = ours.Process.LineCount;
            NamespaceLab.Run(lab.Ours, Bound, "ip", "addr", "del", "10.0.0.100/32", "dev", "eth0");
            ours.Process.WaitForLine(@"Netlink reflector reports IP 10\.0\.0\.100 removed", Bound, mark);
            ours.Process.WaitForLine(@"Suspending healthchecker for service \[10\.0\.0\.2\]:tcp:8080 for VS \[10\.0\.0\.100\]:tcp:80", Bound, mark);
        }
        finally
        {
            if (!listener.HasExited) listener.Kill();
        }
    }

    private const string LocalConfig = """
        track_file tf {
            file DIR/file-value
        }
        virtual_server 10.0.0.100 80 {
            delay_loop 1
            lvs_sched rr
            lvs_method NAT
            protocol TCP
            real_server 10.0.0.2 8080 {
                weight 1
                MISC_CHECK {
                    misc_path "DIR/misc.sh DIR/misc-code"
                    misc_timeout 2
                    misc_dynamic
                }
            }
            real_server 10.0.0.2 8081 {
                FILE_CHECK {
                    track_file tf
                    weight 0
                }
            }
        }
        """;

    private const string Rs8080 = @"\[10\.0\.0\.2\]:tcp:8080";
    private const string Rs8081 = @"\[10\.0\.0\.2\]:tcp:8081";
    private const string Vs = @"\[10\.0\.0\.100\]:tcp:80";

    /// <summary>
    /// MISC_CHECK and FILE_CHECK: a script whose exit code comes from a file, and a track_file, take real servers out
    /// and back and change their weight (check_misc.c misc_check_child_thread, track_file.c, ipwrapper.c). keepalived
    /// 2.2.7 itself cannot run alongside: its checker exits at start without IPVS, which this kernel lacks.
    /// </summary>
    [Fact]
    public void MiscAndFileChecks_TakeServersOutAndBack_MiscDynamicSetsTheWeight()
    {
        using var lab = new NamespaceLab();
        var ns = lab.AddHost("chk", "eth0", true, "10.0.0.1/24");
        using var dir = new TempFolder();
        // The script's exit code is the first word of a file; "sleep" makes it hang past misc_timeout.
        var script = dir.Write("misc.sh", "#!/bin/sh\nv=$(cat \"$1\")\n[ \"$v\" = sleep ] && exec sleep 30\nexit $v\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var code = dir.Write("misc-code", "0\n");
        var value = dir.Write("file-value", "1\n"); // FILE_CHECK failed from the start
        var misc = $@"Misc check for \[{Rs8080} VS {Vs}\] by \[{System.Text.RegularExpressions.Regex.Escape(script)}\]";

        using var ours = OurDaemon.Start(lab, ns, LocalConfig.Replace("DIR", dir.Path, StringComparison.Ordinal), "-C");
        ours.Process.WaitForLine($@"{misc} succeeded\.", Bound);
        // The file read 1 at start: 8081 never went in, and nothing was logged for it (check_file.c).
        Assert.Equal((true, false), Alive(ours));
        Assert.DoesNotContain(ours.Process.Lines, l => l.Contains("8081 from VS", StringComparison.Ordinal));

        int mark = ours.Process.LineCount;
        File.WriteAllText(value, "0\n");
        ours.Process.WaitForLine($@"Adding service {Rs8081} to VS {Vs}", Bound, mark);
        Assert.Equal((true, true), Alive(ours));

        // misc_dynamic: exit 7 sets the weight to 7-2.
        mark = ours.Process.LineCount;
        File.WriteAllText(code, "7\n");
        ours.Process.WaitForLine($@"Changing weight from 1 to 5 for active service {Rs8080} of VS {Vs}", Bound, mark);

        // Exit 1 fails (retry 0 for MISC_CHECK), the server goes out.
        mark = ours.Process.LineCount;
        File.WriteAllText(code, "1\n");
        ours.Process.WaitForLine($@"{misc} failed with retry disabled \(exited with status 1\)\.", Bound, mark);
        ours.Process.WaitForLine($@"Removing service {Rs8080} from VS {Vs}", Bound, mark);
        Assert.Equal((false, true), Alive(ours));
        // The dynamic weight is given back silently (check_misc.c: effective_weight -= cur_weight).
        Assert.DoesNotContain(ours.Process.Lines.Skip(mark), l => l.Contains("Changing weight", StringComparison.Ordinal));

        // Back at the configured weight: the dynamic contribution was reset on failure.
        mark = ours.Process.LineCount;
        File.WriteAllText(code, "0\n");
        ours.Process.WaitForLine($@"{misc} succeeded\.", Bound, mark);
        ours.Process.WaitForLine($@"Adding service {Rs8080} to VS {Vs}", Bound, mark);
        Assert.Equal((true, true), Alive(ours));

        // A hung script is killed at misc_timeout and counts as a failure.
        mark = ours.Process.LineCount;
        File.WriteAllText(code, "sleep\n");
        ours.Process.WaitForLine($@"{misc} timed out with retry disabled\.", Bound, mark);
        ours.Process.WaitForLine($@"Removing service {Rs8080} from VS {Vs}", Bound, mark);

        // FILE_CHECK: a non-zero value with weight 0 takes 8081 out; deleting the file reads 0.
        mark = ours.Process.LineCount;
        File.WriteAllText(value, "3\n");
        ours.Process.WaitForLine($@"Removing service {Rs8081} from VS {Vs}", Bound, mark);
        Assert.Equal((false, false), Alive(ours));
        mark = ours.Process.LineCount;
        File.Delete(value);
        ours.Process.WaitForLine($@"Adding service {Rs8081} to VS {Vs}", Bound, mark);
    }

    private static bool WaitFile(string path)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < Bound && !File.Exists(path)) Thread.Sleep(50);
        return File.Exists(path);
    }

    /// <summary>status --json: whether the first virtual server's first two real servers (8080, 8081) are alive.</summary>
    private static (bool, bool) Alive(OurDaemon ours)
    {
        using var doc = ours.StatusJson();
        var rs = doc.RootElement.GetProperty("virtual_servers")[0].GetProperty("real_servers");
        return (rs[0].GetProperty("alive").GetBoolean(), rs[1].GetProperty("alive").GetBoolean());
    }
}
