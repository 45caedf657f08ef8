namespace KeepalivedSharp.Config.Tests.Binding;

/// <summary>
/// skip_check_adv_addr and vrrp_skip_check_adv_addr as keepalived 2.2.7 reads them: the global sets every instance's
/// flag (vrrp_data.c alloc_vrrp); the instance keyword sets it for any check_true_false word, "off" included
/// (vrrp_parser.c vrrp_skip_check_adv_addr_handler), so it never clears the global; a bad word is an error in keepalived's words.
/// </summary>
public class SkipCheckAdvAddrTests
{
    [Theory]
    [InlineData("", "", false)]
    [InlineData("vrrp_skip_check_adv_addr", "", true)]
    [InlineData("", "skip_check_adv_addr", true)]
    [InlineData("", "skip_check_adv_addr no", true)]
    [InlineData("vrrp_skip_check_adv_addr", "skip_check_adv_addr off", true)]
    public void Load_Flag_AsKeepalivedSetsIt(string global, string instance, bool expected)
    {
        var r = ConfText.Load("global_defs {\n " + global + "\n}\n" + ConfText.Instance(instance));
        Assert.Equal(0, r.ConfigTestExitCode);
        Assert.Equal(expected, r.Config!.Instances[0].SkipCheckAdvAddr);
    }

    [Fact]
    public void Load_BadValue_KeepalivedsMessage()
    {
        var r = ConfText.Load(ConfText.Instance("skip_check_adv_addr maybe"));
        Assert.Equal(5, r.ConfigTestExitCode);
        Assert.Contains(r.Diagnostics, d => d.Message == "(VI_1) invalid skip_check_adv_addr maybe specified");
    }
}
