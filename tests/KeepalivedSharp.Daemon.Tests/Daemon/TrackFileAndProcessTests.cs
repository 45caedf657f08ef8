using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Daemon.Tests.Daemon;

/// <summary>track_file and vrrp_track_process in the running daemon, against keepalived as the peer.</summary>
[Trait("Category", "Root")]
[Trait("Category", "Root")]
[Collection(nameof(NamespaceTests))]
public class TrackFileAndProcessTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public void TrackFile_ValueTimesWeight_MovesMastershipAndBack()
    {
        var v = InteropVariant.V2;
        using var lab = new InteropLab();
        using var dir = new TempFolder();
        var file = dir.Write("weight", "0\n");
        var config = $"vrrp_track_file tf {{\n    file {file}\n    weight -10\n}}\n" + v.Config(1, 2, 150)
            .Replace("    virtual_ipaddress {", "    track_file {\n        tf\n    }\n    virtual_ipaddress {", StringComparison.Ordinal);
        using var ours = OurDaemon.Start(lab.Lab, lab.Ours, config);
        ours.Process.WaitForLine(@"\(VI_1\) Entering MASTER STATE", Bound);
        using var keepalived = lab.KeepalivedBackup(v.Config(2, 1, 100));

        int before = ours.Process.LineCount;
        File.WriteAllText(file, "6\n"); // 150 - 6 * 10 = 90 < 100
        ours.Process.WaitForLine(@"\(VI_1\) Changing effective priority from 150 to 90", Bound, before);
        keepalived.Process.WaitForLine(@"\(VI_1\) Entering MASTER STATE", Bound);
        ours.Process.WaitForLine(@"\(VI_1\) Entering BACKUP STATE$", Bound, before);

        int mark = ours.Process.LineCount;
        File.WriteAllText(file, "0\n");
        ours.Process.WaitForLine(@"\(VI_1\) Entering MASTER STATE", Bound, mark);
        Assert.True(InteropLab.WaitAddress(lab.Ours, v.Vip, true, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void TrackProcess_QuorumLost_FaultAndBack()
    {
        var v = InteropVariant.V2;
        using var lab = new InteropLab();
        // Track exactly our own sleeper: `sleep <unique seconds>` keeps every other sleep out.
        var seconds = (3_600_000 + Random.Shared.Next(100_000)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var config = $"vrrp_track_process tp {{\n    process sleep {seconds}\n    weight 0\n}}\n" + v.Config(1, 2, 150)
            .Replace("    virtual_ipaddress {", "    track_process {\n        tp\n    }\n    virtual_ipaddress {", StringComparison.Ordinal);
        var sleeper = lab.Lab.Start(lab.Ours, "sleep", seconds);
        using var ours = OurDaemon.Start(lab.Lab, lab.Ours, config);
        ours.Process.WaitForLine(@"\(VI_1\) Entering MASTER STATE", Bound);

        sleeper.Kill();
        ours.Process.WaitForLine(@"\(VI_1\) Entering FAULT STATE", Bound);
        Assert.True(InteropLab.WaitAddress(lab.Ours, v.Vip, false, TimeSpan.FromSeconds(5)));

        int mark = ours.Process.LineCount;
        lab.Lab.Start(lab.Ours, "sleep", seconds);
        ours.Process.WaitForLine(@"\(VI_1\) Entering BACKUP STATE", Bound, mark);
        ours.Process.WaitForLine(@"\(VI_1\) Entering MASTER STATE", Bound, mark);
    }
}
