namespace KeepalivedSharp.Config.Tests.Binding;

/// <summary>
/// garp_extra_if [all] SECS in a vrrp_instance (0..86400, vrrp_parser.c) and vrrp_garp_extra_if in
/// global_defs (1..86400, global_parser.c), with keepalived 2.2.7's messages and deprecated names.
/// </summary>
public class GarpExtraIfTests
{
    [Theory]
    [InlineData("", "", 0, false)]
    [InlineData(" vrrp_garp_extra_if all 5", "", 5, true)]
    [InlineData(" vrrp_garp_extra_if 5", "garp_extra_if 0", 0, false)]
    [InlineData(" vrrp_garp_extra_if all 5", "garp_extra_if 9", 9, false)]
    [InlineData("", "garp_extra_if 9 all", 9, true)]
    public void Load_InstanceOverGlobal(string global, string instance, int seconds, bool all)
    {
        var r = ConfText.Load("global_defs {\n" + global + "\n}\n" + ConfText.Instance(instance));
        Assert.Equal(0, r.ConfigTestExitCode);
        Assert.Equal(new GarpExtraIf(seconds, all), r.Config!.Instances[0].GarpExtraIf);
    }

    [Theory]
    [InlineData("garp_extra_if 86401", "(VI_1): garp_extra_if '86401' invalid - ignoring")]
    [InlineData("garp_extra_if -1", "(VI_1): garp_extra_if '-1' invalid - ignoring")]
    [InlineData("garp_extra_if all", "(VI_1): garp_extra_if specified without time - ignoring")]
    public void Load_BadInstanceValue_KeepalivedsMessage(string instance, string message)
    {
        var r = ConfText.Load("global_defs {\n vrrp_garp_extra_if 4\n}\n" + ConfText.Instance(instance));
        Assert.Equal(5, r.ConfigTestExitCode);
        Assert.Contains(r.Diagnostics, d => d.Message == message);
    }

    [Theory]
    [InlineData(" vrrp_garp_extra_if 0", "vrrp_garp_extra_if '0' invalid - ignoring")]
    [InlineData(" vrrp_garp_extra_if all", "vrrp_garp_extra_if specified without time - ignoring")]
    public void Load_BadGlobalValue_KeepalivedsMessage(string global, string message)
    {
        var r = ConfText.Load("global_defs {\n" + global + "\n}\n" + ConfText.Instance());
        Assert.Equal(5, r.ConfigTestExitCode);
        Assert.Contains(r.Diagnostics, d => d.Message == message);
    }

    [Fact]
    public void Load_DeprecatedNames_SayTheNewOnes_AndStillApply()
    {
        var r = ConfText.Load("global_defs {\n vrrp_vmac_garp_intvl 3\n}\n" + ConfText.Instance("vmac_garp_intvl all 8"));
        Assert.Contains(r.Diagnostics, d => d.Message == "Keyword \"vrrp_vmac_garp_intvl\" is deprecated - please use \"vrrp_garp_extra_if\"");
        Assert.Contains(r.Diagnostics, d => d.Message == "Keyword \"vmac_garp_intvl\" is deprecated - please use \"garp_extra_if\"");
        Assert.Equal(new GarpExtraIf(8, true), r.Config!.Instances[0].GarpExtraIf);
        Assert.Equal(new GarpExtraIf(3, false), r.Config.Global.VrrpGarpExtraIf);
    }
}
