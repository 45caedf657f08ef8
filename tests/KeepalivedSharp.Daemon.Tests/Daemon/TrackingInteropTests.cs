using KeepalivedSharp.Lab;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Daemon.Tests.Daemon;

/// <summary>
/// Trackers and notifications on the real kernel: a failing vrrp_script moves mastership (with
/// ours or keepalived as the peer), a tracked interface going down means FAULT, notify_fifo lines
/// follow the transitions, and an insecure script is refused.
/// </summary>
[Trait("Category", "Root")]
[Trait("Category", "Root")]
[Collection(nameof(NamespaceTests))]
public class TrackingInteropTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    /// <summary>A vrrp_script that fails while a flag file exists, in a private root-owned 0700 folder.</summary>
    private static (string Dir, string Flag, string Config) ScriptConfig(InteropVariant v, int self, int peer, int priority, string extraGlobal = "", string extraInstance = "")
    {
        var dir = Directory.CreateTempSubdirectory("ks-track-").FullName;
        var script = Path.Combine(dir, "check.sh");
        var flag = Path.Combine(dir, "fail");
        File.WriteAllText(script, $"#!/bin/sh\n[ ! -e {flag} ]\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var config = $$"""
            global_defs {
                enable_script_security
                script_user root
            {{extraGlobal}}
            }
            vrrp_script chk {
                script "{{script}}"
                interval 1
                weight -100
                fall 1
                rise 1
            }

            """ + v.Config(self, peer, priority).Replace("    virtual_ipaddress {", $"    track_script {{\n        chk\n    }}\n{extraInstance}\n    virtual_ipaddress {{", StringComparison.Ordinal);
        return (dir, flag, config);
    }

    [Fact]
    public void FailingScript_OnOurMaster_MovesMastershipToKeepalived()
    {
        var v = InteropVariant.V2;
        using var lab = new InteropLab();
        var (dir, flag, config) = ScriptConfig(v, 1, 2, 150);
        try
        {
            using var ours = OurDaemon.Start(lab.Lab, lab.Ours, config);
            ours.Process.WaitForLine(@"\(VI_1\) Entering MASTER STATE", Bound);
            using var keepalived = lab.KeepalivedBackup(v.Config(2, 1, 100));

            int before = ours.Process.LineCount;
            File.WriteAllText(flag, "");
            ours.Process.WaitForLine(@"\(VI_1\) Changing effective priority from 150 to 50", Bound, before);
            keepalived.Process.WaitForLine(@"\(VI_1\) Entering MASTER STATE", Bound);
            ours.Process.WaitForLine(@"\(VI_1\) Entering BACKUP STATE$", Bound, before);
            Assert.True(InteropLab.WaitAddress(lab.Peer, v.Vip, true, TimeSpan.FromSeconds(5)));
            Assert.True(InteropLab.WaitAddress(lab.Ours, v.Vip, false, TimeSpan.FromSeconds(5)));

            // Recovery: ours preempts back.
            int mark = ours.Process.LineCount;
            File.Delete(flag);
            ours.Process.WaitForLine(@"\(VI_1\) Entering MASTER STATE", Bound, mark);
            Assert.True(InteropLab.WaitAddress(lab.Ours, v.Vip, true, TimeSpan.FromSeconds(5)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void FailingScript_OnKeepalivedMaster_MovesMastershipToOurs()
    {
        var v = InteropVariant.V2;
        using var lab = new InteropLab();
        var (dir, flag, config) = ScriptConfig(v, 2, 1, 150);
        try
        {
            using var keepalived = KeepalivedRunner.Start(lab.Lab, lab.Peer, config);
            keepalived.Process.WaitForLine(@"\(VI_1\) Entering MASTER STATE", Bound);
            using var ours = OurDaemon.Start(lab.Lab, lab.Ours, v.Config(1, 2, 100));
            ours.Process.WaitForLine(@"\(VI_1\) Entering BACKUP STATE", Bound);

            File.WriteAllText(flag, "");
            ours.Process.WaitForLine(@"\(VI_1\) Entering MASTER STATE", Bound);
            Assert.True(InteropLab.WaitAddress(lab.Ours, v.Vip, true, TimeSpan.FromSeconds(5)));
            Assert.True(InteropLab.WaitAddress(lab.Peer, v.Vip, false, TimeSpan.FromSeconds(5)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void TrackedInterfaceDown_Fault_VipRemoved_UpComesBack_FifoSeesEveryTransitionInOrder()
    {
        var v = InteropVariant.V2;
        using var lab = new InteropLab();
        lab.Lab.AddInterface(lab.Ours, "eth1");
        var dir = Directory.CreateTempSubdirectory("ks-fifo-").FullName;
        var fifo = Path.Combine(dir, "notify.fifo");
        try
        {
            var config = $"global_defs {{\n    notify_fifo {fifo}\n}}\n" + v.Config(1, 2, 150)
                .Replace("    virtual_ipaddress {", "    track_interface {\n        eth1\n    }\n    virtual_ipaddress {", StringComparison.Ordinal);
            // The test's FIFO, read from before the daemon starts: every line, in order.
            using var fifoLines = new FifoLines(fifo);
            using var ours = OurDaemon.Start(lab.Lab, lab.Ours, config);
            ours.Process.WaitForLine(@"\(VI_1\) Entering MASTER STATE", Bound);
            Assert.True(InteropLab.WaitAddress(lab.Ours, v.Vip, true, TimeSpan.FromSeconds(5)));

            NamespaceLab.Exec(lab.Ours, "ip", "link", "set", "eth1", "down");
            ours.Process.WaitForLine(@"\(VI_1\) Entering FAULT STATE", Bound);
            Assert.True(InteropLab.WaitAddress(lab.Ours, v.Vip, false, TimeSpan.FromSeconds(5)));

            int mark = ours.Process.LineCount;
            NamespaceLab.Exec(lab.Ours, "ip", "link", "set", "eth1", "up");
            ours.Process.WaitForLine(@"\(VI_1\) Entering BACKUP STATE", Bound, mark);
            ours.Process.WaitForLine(@"\(VI_1\) Entering MASTER STATE", Bound, mark);
            ours.Process.Signal("TERM");
            Assert.True(ours.Process.WaitForExit(TimeSpan.FromSeconds(10)));

            string[] expected =
            [
                "INSTANCE \"VI_1\" BACKUP 150",
                "INSTANCE \"VI_1\" MASTER 150",
                "INSTANCE \"VI_1\" FAULT 150",
                "INSTANCE \"VI_1\" BACKUP 150",
                "INSTANCE \"VI_1\" MASTER 150",
                "INSTANCE \"VI_1\" STOP 150",
            ];
            fifoLines.WaitFor(expected, 0, Bound);
            Assert.Equal(expected, fifoLines.Slice(0));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void InsecureScript_WithScriptSecurity_IsRefusedAndNotTracked()
    {
        var v = InteropVariant.V2;
        using var lab = new InteropLab();
        var dir = Directory.CreateTempSubdirectory("ks-insecure-");
        try
        {
            // A world-writable folder: anyone could replace the script that root would run.
            File.SetUnixFileMode(dir.FullName, (UnixFileMode)0x1FF);
            var script = Path.Combine(dir.FullName, "check.sh");
            File.WriteAllText(script, "#!/bin/sh\nexit 1\n");
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var config = $"global_defs {{\n    enable_script_security\n    script_user root\n}}\nvrrp_script chk {{\n    script \"{script}\"\n    weight 0\n}}\n"
                + v.Config(1, 2, 150).Replace("    virtual_ipaddress {", "    track_script {\n        chk\n    }\n    virtual_ipaddress {", StringComparison.Ordinal);
            using var ours = OurDaemon.Start(lab.Lab, lab.Ours, config);
            ours.Process.WaitForLine("(?i)unsafe|insecure|security", Bound);
            // The failing script is not tracked: the instance is not held in FAULT, it becomes master.
            ours.Process.WaitForLine(@"\(VI_1\) Entering MASTER STATE", Bound);
            Assert.DoesNotContain("Entering FAULT STATE", ours.Process.Output, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
