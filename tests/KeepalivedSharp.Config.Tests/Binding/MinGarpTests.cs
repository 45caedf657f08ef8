namespace KeepalivedSharp.Config.Tests.Binding;

/// <summary>
/// vrrp_min_garp as global_parser.c vrrp_min_garp_handler: garp repeat 1, refresh 0, refresh repeat 0, delay 0, each only
/// if it still has its default at that line; "off" does nothing; a bad word is keepalived's error.
/// </summary>
public class MinGarpTests
{
    private static GlobalDefs Globals(string body)
    {
        var r = ConfText.Load("global_defs {\n" + body + "\n}\n" + ConfText.Instance());
        Assert.Equal(0, r.ConfigTestExitCode);
        return r.Config!.Global;
    }

    [Fact]
    public void Load_MinGarp_SetsTheMinimum()
    {
        var g = Globals(" vrrp_min_garp");
        Assert.Equal(1, g.VrrpGarpMasterRepeat);
        Assert.Equal(TimeSpan.Zero, g.VrrpGarpMasterRefresh);
        Assert.Equal(0, g.VrrpGarpMasterRefreshRepeat);
        Assert.Equal(TimeSpan.Zero, g.VrrpGarpMasterDelay);
    }

    [Fact]
    public void Load_MinGarp_KeepsValuesSetBeforeOrAfter()
    {
        var g = Globals(" vrrp_garp_master_repeat 3\n vrrp_min_garp on\n vrrp_garp_master_delay 2\n vrrp_garp_master_refresh_repeat 2");
        Assert.Equal(3, g.VrrpGarpMasterRepeat);
        Assert.Equal(TimeSpan.FromSeconds(2), g.VrrpGarpMasterDelay);
        Assert.Equal(2, g.VrrpGarpMasterRefreshRepeat);
    }

    [Fact]
    public void Load_MinGarpOff_NothingChanges()
        => Assert.Equal(5, Globals(" vrrp_min_garp off").VrrpGarpMasterRepeat);

    [Fact]
    public void Load_MinGarpBadValue_KeepalivedsMessage()
    {
        var r = ConfText.Load("global_defs {\n vrrp_min_garp 1\n}\n" + ConfText.Instance());
        Assert.Equal(5, r.ConfigTestExitCode);
        Assert.Contains(r.Diagnostics, d => d.Message == "Invalid value for vrrp_min_garp specified");
    }
}
