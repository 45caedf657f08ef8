namespace KeepalivedSharp.Config.Tests.Binding;

/// <summary>
/// Script lines as keepalived 2.2.7 reads them: notify scripts are <c>"COMMAND" [USER [GROUP]]</c>
/// (lib/notify.c notify_script_init); a vrrp_script's <c>script</c> keeps only its first word
/// (vrrp_parser.c vrrp_vscript_script_handler), checked against a running keepalived 2.2.7.
/// </summary>
public class ScriptLineTests
{
    private static KeepalivedConfig Valid(ConfigResult r)
    {
        Assert.False(r.HasErrors, string.Join("\n", r.Diagnostics));
        return r.Config!;
    }

    [Fact]
    public void Load_NotifyQuotedCommandUserGroup_CommandKeepsItsArguments()
    {
        var i = Valid(ConfText.Load(ConfText.Instance("    notify_master \"/x/m.sh a 'b c'\" nobody nogroup"))).Instances[0];
        Assert.Equal(new NotifyScript("/x/m.sh a 'b c'", "nobody", "nogroup"), i.NotifyMasterScript);
        Assert.Equal("/x/m.sh a 'b c'", i.NotifyMaster);
    }

    [Fact]
    public void Load_NotifyUnquotedSecondWord_IsTheUserNotAnArgument()
    {
        var i = Valid(ConfText.Load(ConfText.Instance("    notify_backup /x/b.sh nobody"))).Instances[0];
        Assert.Equal(new NotifyScript("/x/b.sh", "nobody"), i.NotifyBackupScript);
    }

    [Fact]
    public void Load_NotifySingleQuotesAndEscapes_ReadAsKeepalived()
    {
        var i = Valid(ConfText.Load(ConfText.Instance("    notify '/x/n.sh a' root\n    notify_fault \"/x/f.sh \\\"a b\\\"\""))).Instances[0];
        Assert.Equal(new NotifyScript("/x/n.sh a", "root"), i.NotifyScript);
        Assert.Equal("/x/f.sh \"a b\"", i.NotifyFault);
    }

    [Fact]
    public void Load_NotifyMoreThanThreeWords_WarnsThatTheRestIsIgnored()
    {
        var r = ConfText.Load(ConfText.Instance("    notify \"/x/n.sh\" root root extra words"));
        Assert.Equal(new NotifyScript("/x/n.sh", "root", "root"), Valid(r).Instances[0].NotifyScript);
        var d = ConfText.Single(r);
        Assert.Equal((Severity.Warning, 7), (d.Severity, d.Location.Line));
        Assert.StartsWith("'notify': 'extra words' ignored", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NotifyUnterminatedSingleQuote_ErrorAtThatLine()
        => ConfText.AssertError(ConfText.Load(ConfText.Instance("    notify_stop '/x/s.sh root")), 7, "'notify_stop': missing terminating '");

    [Fact]
    public void Load_SyncGroupNotify_UserAndGroupKept()
    {
        var c = Valid(ConfText.Load(ConfText.Instance() + "\nvrrp_sync_group G {\n group { VI_1 }\n notify_master \"/x/g.sh up\" nobody\n notify /x/n.sh\n}"));
        var g = Assert.Single(c.SyncGroups);
        Assert.Equal(new NotifyScript("/x/g.sh up", "nobody"), g.NotifyMasterScript);
        Assert.Equal("/x/n.sh", g.Notify);
    }

    [Fact]
    public void Load_SyncGroupNotifyTwice_ErrorAtSecondLine()
        => ConfText.AssertError(ConfText.Load(ConfText.Instance() + "\nvrrp_sync_group G {\n group { VI_1 }\n notify /x/a.sh\n notify /x/b.sh\n}"),
            12, "notify script already specified");

    [Fact]
    public void Load_GlobalScripts_UserAndGroupKept()
    {
        var g = Valid(ConfText.Load("""
            global_defs {
                notify_fifo /run/k.fifo
                notify_fifo_script "/x/fifo.sh -v" nobody nogroup
                vrrp_notify_fifo /run/v.fifo
                vrrp_notify_fifo_script /x/vfifo.sh
                startup_script "/x/up.sh now" root
            }
            """ + "\n" + ConfText.Instance())).Global;
        Assert.Equal(new NotifyScript("/x/fifo.sh -v", "nobody", "nogroup"), g.NotifyFifoScript);
        Assert.Equal(new NotifyScript("/x/vfifo.sh"), g.VrrpNotifyFifoScript);
        Assert.Equal(new NotifyScript("/x/up.sh now", "root"), g.StartupScript);
    }

    [Fact]
    public void Load_StartupShutdownTimeouts_WholeSecondsTyped()
    {
        var g = Valid(ConfText.Load("global_defs {\n startup_script /x/up.sh\n startup_script_timeout 3\n shutdown_script /x/down.sh\n shutdown_script_timeout 1000\n}\n"
            + ConfText.Instance())).Global;
        Assert.Equal((TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1000)), (g.StartupScriptTimeout, g.ShutdownScriptTimeout));
    }

    [Fact]
    public void Load_StartupScriptTimeoutOutOfRange_Error()
        => ConfText.AssertError(ConfText.Load("global_defs {\n startup_script_timeout 0\n}\n" + ConfText.Instance()), 2, "'startup_script_timeout' value 0 is out of range (1..1000)");

    [Fact]
    public void Load_VrrpScriptUnquotedArguments_DroppedWithWarningAsKeepalived()
    {
        var r = ConfText.Load("vrrp_script chk {\n    script /x/chk.sh a b\n    user nobody nogroup\n}\n" + ConfText.Instance("    track_script { chk }"));
        var s = Assert.Single(Valid(r).Scripts);
        Assert.Equal(("/x/chk.sh", "nobody", "nogroup"), (s.Script, s.User, s.Group));
        var d = ConfText.Single(r);
        Assert.Equal((Severity.Warning, 2), (d.Severity, d.Location.Line));
        Assert.StartsWith("vrrp_script chk: 'a b' ignored", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_VrrpScriptQuoted_WholeCommandKept()
    {
        var r = ConfText.Load("vrrp_script chk {\n    script \"/x/chk.sh a 'b c'\"\n}\n" + ConfText.Instance("    track_script { chk }"));
        Assert.Empty(r.Diagnostics);
        Assert.Equal("/x/chk.sh a 'b c'", Assert.Single(Valid(r).Scripts).Script);
    }
}
