using System.Net;

namespace KeepalivedSharp.Config.Tests.Binding;

/// <summary>lvs_sync_daemon as keepalived 2.2.7 reads it (core/global_parser.c lvs_syncd_handler, vrrp.c vrrp_complete_init).</summary>
public class LvsSyncDaemonTests
{
    private static ConfigResult Global(string line, string instanceBody = "")
        => ConfText.Load("global_defs {\n" + line + "\n}\n" + ConfText.Instance(instanceBody));

    private static LvsSyncDaemon? Daemon(ConfigResult r) => r.Config!.Global.Lvs.SyncDaemon;

    [Fact]
    public void Load_EveryOption_Typed()
    {
        var r = Global("lvs_sync_daemon eth1 inst VI_1 id 7 maxlen 1400 port 8850 ttl 3 group 239.1.2.3");
        Assert.Equal(0, r.ConfigTestExitCode);
        var d = Daemon(r)!;
        Assert.Equal(("eth1", "VI_1", 7, (ushort)1400, (ushort)8850, (byte)3), (d.Interface, d.Instance, d.SyncId, d.MaxLength, d.Port, d.Ttl));
        Assert.Equal(IPAddress.Parse("239.1.2.3"), d.Group);
        Assert.Equal(2, d.Location.Line);
        Assert.DoesNotContain(r.Config!.Global.OtherSettings, s => s.Keyword == "lvs_sync_daemon");
    }

    [Fact]
    public void Load_InstanceWithoutId_SyncIdIsTheVrid()
    {
        var d = Daemon(Global("lvs_sync_daemon eth1 VI_1"))!;
        Assert.Equal(("VI_1", 51, (ushort)0, (IPAddress?)null), (d.Instance, d.SyncId, d.Port, d.Group));
    }

    [Fact]
    public void Load_NoInstance_SyncIdZero()
    {
        var r = Global("lvs_sync_daemon eth1 group ff02::1:5");
        var d = Daemon(r)!;
        Assert.Equal((null, 0), (d.Instance, d.SyncId));
        Assert.Equal(IPAddress.Parse("ff02::1:5"), d.Group);
    }

    [Fact]
    public void Load_UnknownInstance_ClearedWithKeepalivedsWarning()
    {
        var r = Global("lvs_sync_daemon eth1 VI_9");
        Assert.Null(Daemon(r));
        Assert.Equal(0, r.ConfigTestExitCode); // keepalived -t exits 0: only its VRRP process says it
        Assert.Contains(r.Diagnostics, d => d.Message == "Unable to find vrrp instance VI_9 for lvs_syncd - clearing lvs_syncd config");
    }

    [Fact]
    public void Load_OldSyncIdForm_TakenWithFixUp()
    {
        var r = Global("lvs_sync_daemon eth1 VI_1 9");
        Assert.Equal(9, Daemon(r)!.SyncId);
        Assert.Equal(5, r.ConfigTestExitCode);
        Assert.Contains(r.Diagnostics, d => d.Location.Line == 2 && d.Message == "Please use keyword \"id\" before lvs_sync_daemon SYNCID");
    }

    [Fact]
    public void Load_IdWithoutValue_DefaultsToVridWithFixUp()
    {
        var r = Global("lvs_sync_daemon eth1 VI_1 id");
        Assert.Equal(51, Daemon(r)!.SyncId);
        Assert.Contains(r.Diagnostics, d => d.Message == "No value specified for lvs_sync_daemon id, defaulting to vrid");
    }

    [Fact]
    public void Load_DeprecatedInstanceKeyword_IsTheGlobalOneWithSyncIdZero()
    {
        var r = Global("", "lvs_sync_daemon_interface eth2");
        var d = Daemon(r)!;
        Assert.Equal(("eth2", "VI_1", 0), (d.Interface, d.Instance, d.SyncId));
        Assert.Equal(5, r.ConfigTestExitCode);
        Assert.Contains(r.Diagnostics, x => x.Message == "(VI_1) Specifying lvs_sync_daemon_interface against a vrrp is deprecated. Please use global lvs_sync_daemon");
    }

    [Fact]
    public void Load_DeprecatedAfterGlobal_Refused()
    {
        var r = Global("lvs_sync_daemon eth1", "lvs_sync_daemon_interface eth2");
        Assert.True(r.HasErrors);
        Assert.Contains(r.Diagnostics, x => x.Message == "(VI_1) lvs_sync_daemon_interface has already been specified as eth1 - ignoring");
    }

    [Theory]
    [InlineData("lvs_sync_daemon", "lvs_sync_daemon requires interface")]
    [InlineData("lvs_sync_daemon abcdefghijklmnop", "lvs_sync_daemon interface name 'abcdefghijklmnop' too long - ignoring")]
    [InlineData("lvs_sync_daemon eth1 id 256", "number '256' outside range [0, 255]")]
    [InlineData("lvs_sync_daemon eth1 id 256", "Invalid syncid (256) - defaulting to vrid")]
    [InlineData("lvs_sync_daemon eth1 maxlen 0", "Invalid lvs_sync_daemon maxlen (0) - ignoring")]
    [InlineData("lvs_sync_daemon eth1 maxlen 65508", "number '65508' outside range [1, 65507]")]
    [InlineData("lvs_sync_daemon eth1 port 65536", "Invalid lvs_sync_daemon port (65536) - ignoring")]
    [InlineData("lvs_sync_daemon eth1 ttl x", "invalid number 'x'")]
    [InlineData("lvs_sync_daemon eth1 ttl", "No value specified for lvs_sync_daemon ttl - ignoring")]
    [InlineData("lvs_sync_daemon eth1 group", "No value specified for lvs_sync_daemon group - ignoring")]
    [InlineData("lvs_sync_daemon eth1 group 10.0.0.1", "lvs_sync_daemon group address 10.0.0.1 is not multicast - ignoring")]
    [InlineData("lvs_sync_daemon eth1 group 224.0.0", "Invalid lvs_sync_daemon group (224.0.0) - ignoring")]
    [InlineData("lvs_sync_daemon eth1 VI_1 x", "Invalid syncid (x) - defaulting to vrid")]
    [InlineData("lvs_sync_daemon eth1 VI_1 5 extra", "Unknown option extra specified for lvs_sync_daemon")]
    [InlineData("lvs_sync_daemon eth1 inst VI_1 inst VI_2", "lvs_sync_daemon vrrp instance has already been specified as VI_1 - ignoring")]
    [InlineData("lvs_sync_daemon eth1 VI_1\nlvs_sync_daemon eth2", "lvs_sync_daemon has already been specified as eth1 VI_1 - ignoring")]
    public void Load_BadValue_FailsTestInKeepalivedsWords(string line, string message)
    {
        // keepalived ignores the value and runs; ours refuses the config, as for lvs_timeouts.
        var r = Global(line);
        Assert.True(r.HasErrors);
        Assert.Contains(r.Diagnostics, d => d.Location.Line >= 2 && d.Message == message);
    }
}
