using KeepalivedSharp.Lab;
using System.Globalization;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Daemon.Tests.Daemon;

/// <summary>
/// The host-side cases of shared/docs/hardening.md on the real kernel: a VIP deleted by hand, the
/// interface going down and up, a hanging notify script, and a flood of random-VRID packets.
/// </summary>
[Trait("Category", "Root")]
[Trait("Category", "Root")]
[Collection(nameof(NamespaceTests))]
public class HardeningTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public void VipDeletedByHand_WhileMaster_QuickReelectionPutsItBack()
    {
        var v = InteropVariant.V2;
        using var lab = new InteropLab();
        using var ours = lab.OursMaster(v.Config(1, 2, 150));
        Assert.True(InteropLab.WaitAddress(lab.Ours, v.Vip, true, TimeSpan.FromSeconds(5)));

        int mark = ours.Process.LineCount;
        NamespaceLab.Exec(lab.Ours, "ip", "addr", "del", v.VipWithPrefix, "dev", "eth0");
        ours.Process.WaitForLine($"IP {v.Vip.Replace(".", "\\.", StringComparison.Ordinal)} removed", Bound, mark);
        ours.Process.WaitForLine(@"\(VI_1\) Entering BACKUP STATE", Bound, mark);
        // As keepalived: down timer = Skew_Time (for 150: 414 ms), then it takes the address back.
        ours.Process.WaitForLine(@"\(VI_1\) Entering MASTER STATE", TimeSpan.FromSeconds(3), mark);
        Assert.True(InteropLab.WaitAddress(lab.Ours, v.Vip, true, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void PrimaryInterfaceDown_FaultAndVipRemoved_UpBackupThenElection()
    {
        var v = InteropVariant.V2;
        using var lab = new InteropLab();
        using var ours = lab.OursMaster(v.Config(1, 2, 150));
        using var keepalived = lab.KeepalivedBackup(v.Config(2, 1, 100));

        int mark = ours.Process.LineCount;
        NamespaceLab.Exec(lab.Ours, "ip", "link", "set", "eth0", "down");
        ours.Process.WaitForLine(@"\(VI_1\) Entering FAULT STATE", Bound, mark);
        Assert.True(InteropLab.WaitAddress(lab.Ours, v.Vip, false, TimeSpan.FromSeconds(5)));
        keepalived.Process.WaitForLine(@"\(VI_1\) Entering MASTER STATE", Bound);

        mark = ours.Process.LineCount;
        NamespaceLab.Exec(lab.Ours, "ip", "link", "set", "eth0", "up");
        ours.Process.WaitForLine(@"\(VI_1\) Entering BACKUP STATE", Bound, mark);
        // Then a normal election: ours has the higher priority and preempts.
        ours.Process.WaitForLine(@"\(VI_1\) Entering MASTER STATE", Bound, mark);
        Assert.True(InteropLab.WaitAddress(lab.Ours, v.Vip, true, TimeSpan.FromSeconds(5)));
        Assert.True(InteropLab.WaitAddress(lab.Peer, v.Vip, false, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void HangingNotifyScript_AdvertsStayOnTime()
    {
        var v = InteropVariant.V2;
        using var lab = new InteropLab();
        using var dir = new TempFolder();
        var script = dir.Write("hang.sh", "#!/bin/sh\nsleep 600\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var config = v.Config(1, 2, 150).Replace("    virtual_ipaddress {", $"    notify_master \"{script}\"\n    notify \"{script}\"\n    virtual_ipaddress {{", StringComparison.Ordinal);
        using var ours = OurDaemon.Start(lab.Lab, lab.Ours, config);
        ours.Process.WaitForLine(@"\(VI_1\) Entering MASTER STATE", Bound);
        lab.AssertOurAdvertsEverySecond(6);
    }

    [Fact]
    public void RandomVridFlood_LogAndCpuBounded_OwnAdvertsStillFlow()
    {
        var v = InteropVariant.V2;
        using var lab = new InteropLab();
        // log_unknown_vrids: the unknown-VRID lines are logged, so their rate limit is what is measured.
        using var ours = lab.OursMaster("global_defs {\n    log_unknown_vrids\n}\n" + v.Config(1, 2, 150));
        using var keepalived = lab.KeepalivedBackup(v.Config(2, 1, 100));
        using var dir = new TempFolder();
        // Well-formed v2 adverts (TTL 255, right checksum) for random VRIDs other than 51, as fast as python sends them, for 4 s.
        var flood = dir.Write("flood.py", InteropLab.AdvertPython + """
            import random, time
            end = time.monotonic() + 4; n = 0
            while time.monotonic() < end:
                vrid = random.choice([x for x in range(1, 256) if x != 51])
                s.sendto(advert(vrid, 200, '10.0.0.77'), ('224.0.0.18', 0)); n += 1
            print(n)
            """);
        var pid = ours.Process.Pid;
        var cpuBefore = CpuSeconds(pid);
        int mark = ours.Process.LineCount;
        using var capture = PacketCapture.Start(lab.Lab, lab.Peer, "eth0", 5, "ip proto 112 and src 10.0.0.1");
        var sent = NamespaceLab.Run(lab.Peer, TimeSpan.FromSeconds(30), "/usr/bin/python3", flood);
        var cpu = CpuSeconds(pid) - cpuBefore;
        var packets = capture.Wait(TimeSpan.FromSeconds(10));
        long count = long.Parse(sent.Stdout.Trim(), CultureInfo.InvariantCulture);

        Assert.True(count > 10_000, $"flood sent only {count} packets: {sent.Output}");
        Assert.Equal(5, packets.Count); // our own adverts kept flowing
        Assert.Contains("Entering MASTER", ours.Process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(ours.Process.Lines.Skip(mark), l => l.Contains("Entering", StringComparison.Ordinal));
        Assert.DoesNotContain(keepalived.Process.Lines, l => l.Contains("Entering MASTER", StringComparison.Ordinal));
        // Logs: at most the rate limit's burst per source per 10 s window, not one line per packet.
        int logged = ours.Process.Lines.Skip(mark).Count(l => l.Contains("Unknown VRID", StringComparison.Ordinal));
        Assert.True(logged is > 0 and <= 30, $"{logged} log lines for {count} packets");
        // CPU: bounded well below one core while flooded.
        Assert.True(cpu < 4 * 0.9, $"{cpu:0.00} s of CPU for {count} packets in 4 s");
    }

    private static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks / 100.0;
    }
}

/// <summary>Hardening case 25: the wall clock stepped by an hour, both ways, causes no takeover.</summary>
[Trait("Category", "Root")]
[Trait("Category", "Root")]
[Collection(nameof(NamespaceTests))]
public class WallClockTests
{
    private const string FakeTime = "/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1";

    [Fact]
    public void WallClockSteppedAnHour_NoTransitionAndAdvertsStayOnTime()
    {
        Assert.True(File.Exists(FakeTime), "libfaketime is required (test.sh installs it)");
        var v = InteropVariant.V2;
        using var lab = new InteropLab();
        using var dir = new TempFolder();
        var clock = dir.Write("clock", "+0\n");
        // Only the wall clock (CLOCK_REALTIME) moves; the daemon's timers are monotonic and must not notice.
        using var ours = OurDaemon.StartWith(lab.Lab, lab.Ours, v.Config(1, 2, 150),
            [$"LD_PRELOAD={FakeTime}", $"FAKETIME_TIMESTAMP_FILE={clock}", "FAKETIME_NO_CACHE=1", "FAKETIME_DONT_FAKE_MONOTONIC=1"]);
        ours.Process.WaitForLine(@"\(VI_1\) Entering MASTER STATE", TimeSpan.FromSeconds(20));
        using var keepalived = lab.KeepalivedBackup(v.Config(2, 1, 100));
        int mark = ours.Process.LineCount;

        foreach (var step in new[] { "+1h", "+0", "-1h" })
        {
            File.WriteAllText(clock, step + "\n");
            lab.AssertOurAdvertsEverySecond(4);
        }
        Assert.DoesNotContain(ours.Process.Lines.Skip(mark), l => l.Contains("Entering", StringComparison.Ordinal));
        Assert.DoesNotContain(keepalived.Process.Lines, l => l.Contains("Entering MASTER", StringComparison.Ordinal));
    }
}
