using System.Text.Json;
using KeepalivedSharp.Lab;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Daemon.Tests.Daemon;

/// <summary>
/// MISC_CHECK and FILE_CHECK in the running daemon (-C): a script whose exit code comes from a file, and a
/// track_file, take real servers out and back and change their weight, logged in keepalived 2.2.7's words
/// (check_misc.c misc_check_child_thread, ipwrapper.c). keepalived 2.2.7 itself cannot be run alongside:
/// its checker exits at start without IPVS ("IPVS: Can't initialize ipvs"), which this kernel lacks.
/// </summary>
[Trait("Category", "Root")]
[Collection(nameof(NamespaceTests))]
public class LocalCheckerDaemonTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private const string Config = """
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

        using var ours = OurDaemon.Start(lab, ns, Config.Replace("DIR", dir.Path, StringComparison.Ordinal), "-C");
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
