namespace KeepalivedSharp.Config.Tests.Binding;

/// <summary>vrrp_down_timer_adverts: the default of each instance's down_timer_adverts (vrrp_data.c alloc_vrrp), 1..100.</summary>
public class DownTimerAdvertsTests
{
    [Theory]
    [InlineData("", "", 3)]
    [InlineData(" vrrp_down_timer_adverts 5", "", 5)]
    [InlineData(" vrrp_down_timer_adverts 5", "down_timer_adverts 7", 7)]
    public void Load_Global_IsTheInstanceDefault(string global, string instance, int expected)
    {
        var r = ConfText.Load("global_defs {\n" + global + "\n}\n" + ConfText.Instance(instance));
        Assert.Equal(0, r.ConfigTestExitCode);
        Assert.Equal(expected, r.Config!.Instances[0].DownTimerAdverts);
    }

    [Fact]
    public void Load_OutOfRange_KeepalivedsMessage()
    {
        var r = ConfText.Load("global_defs {\n vrrp_down_timer_adverts 101\n}\n" + ConfText.Instance());
        Assert.Equal(5, r.ConfigTestExitCode);
        Assert.Contains(r.Diagnostics, d => d.Message == "Invalid vrrp_down_timer_adverts [1:100] '101'");
    }
}
