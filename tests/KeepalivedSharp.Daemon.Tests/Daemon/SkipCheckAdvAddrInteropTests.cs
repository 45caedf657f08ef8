using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Daemon.Tests.Daemon;

/// <summary>
/// skip_check_adv_addr on the wire, ours beside keepalived 2.2.7 as the BACKUP: a keepalived MASTER that a reload gives a
/// second VIP keeps a BACKUP with skip_check_adv_addr in BACKUP (the advert comes from the master it last heard, so its
/// addresses are not checked, vrrp.c vrrp_state_backup); without it the BACKUP drops the adverts and takes over.
/// </summary>
[Trait("Category", "Root")]
[Collection(nameof(NamespaceTests))]
public class SkipCheckAdvAddrInteropTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(true, false)]
    public void MasterReloadedWithAnotherVip_BackupStaysOnlyWithSkip(bool keepalivedBackup, bool skip)
    {
        var v = InteropVariant.V2;
        using var lab = new InteropLab();
        using var master = KeepalivedRunner.Start(lab.Lab, lab.Peer, v.Config(2, 1, 200));
        master.Process.WaitForLine(@"\(VI_1\) Entering MASTER STATE", Bound);

        var config = v.Config(1, 2, 100);
        if (skip) config = "global_defs {\n    vrrp_skip_check_adv_addr\n}\n" + config;
        using var ours = keepalivedBackup ? null : OurDaemon.Start(lab.Lab, lab.Ours, config);
        using var theirs = keepalivedBackup ? KeepalivedRunner.Start(lab.Lab, lab.Ours, config) : null;
        var backup = ours?.Process ?? theirs!.Process;
        backup.WaitForLine(@"\(VI_1\) Entering BACKUP STATE", Bound);
        // Two of the master's adverts reach the backup: it has taken one (its address list matched).
        using (var seen = PacketCapture.Start(lab.Lab, lab.Ours, "eth0", 2, "ip proto 112 and src 10.0.0.2"))
            Assert.Equal(2, seen.Wait(Bound).Count);

        File.WriteAllText(master.ConfigPath, v.Config(2, 1, 200).Replace(v.VipWithPrefix, v.VipWithPrefix + "\n        10.0.0.101/24", StringComparison.Ordinal));
        int mark = backup.LineCount;
        master.Process.Signal("HUP");

        if (skip)
        {
            // Six adverts with both addresses: longer than the backup's Master_Down_Interval (3.6 s).
            using var capture = PacketCapture.Start(lab.Lab, lab.Ours, "eth0", 6, "ip proto 112 and src 10.0.0.2");
            var packets = capture.Wait(TimeSpan.FromSeconds(15));
            Assert.Equal(6, packets.Count);
            Assert.Contains("10.0.0.101", packets[^1].Text, StringComparison.Ordinal);
            Assert.DoesNotContain(backup.Lines.Skip(mark), l => l.Contains("Entering MASTER STATE", StringComparison.Ordinal));
        }
        else
        {
            backup.WaitForLine(@"\(VI_1\) Entering MASTER STATE", Bound, mark);
        }
    }
}
