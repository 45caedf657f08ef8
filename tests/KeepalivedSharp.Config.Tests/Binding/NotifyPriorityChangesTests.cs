namespace KeepalivedSharp.Config.Tests.Binding;

/// <summary>
/// notify_priority_changes (instance, sync group) and global vrrp_notify_priority_changes as keepalived 2.2.7 reads them
/// (vrrp_parser.c, global_parser.c): check_true_false's words, a bare keyword is on, a bad value is reported in
/// keepalived's words (an error: keepalived -t exits 5).
/// </summary>
public class NotifyPriorityChangesTests
{
    [Theory]
    [InlineData("", true)]
    [InlineData(" yes", true)]
    [InlineData(" off", false)]
    public void Load_Values_Typed(string value, bool expected)
    {
        var r = ConfText.Load("global_defs {\n vrrp_notify_priority_changes" + value + "\n}\n" + ConfText.Instance("notify_priority_changes" + value));
        Assert.Equal(0, r.ConfigTestExitCode);
        Assert.Equal(expected, r.Config!.Global.VrrpNotifyPriorityChanges);
        Assert.Equal(expected, r.Config.Instances[0].NotifyPriorityChanges);
    }

    [Fact]
    public void Load_BadValues_KeepalivedsMessages()
    {
        var r = ConfText.Load("global_defs {\n vrrp_notify_priority_changes TRUE\n}\n" + ConfText.Instance("notify_priority_changes 1")
            + "vrrp_sync_group G {\n group {\n VI_1\n }\n notify_priority_changes maybe\n}\n");
        Assert.Equal(5, r.ConfigTestExitCode);
        Assert.Contains(r.Diagnostics, d => d.Message == "Invalid value 'TRUE' for global vrrp_notify_priority_changes specified");
        Assert.Contains(r.Diagnostics, d => d.Message == "(VI_1) Invalid value '1' for notify_priority_changes specified");
        Assert.Contains(r.Diagnostics, d => d.Message == "(G) Invalid value 'maybe' for sync group notify_priority_changes specified");
    }
}
