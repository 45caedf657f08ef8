using KeepalivedSharp.Core.Tracking;

namespace KeepalivedSharp.Core.Tests.Tracking;

public class ScriptHealthTests
{
    [Fact]
    public void Apply_FirstResult_DecidesAtOnce()
    {
        var s = new ScriptSettings("chk", Rise: 3, Fall: 3);
        var h = ScriptHealth.Initial(s);
        Assert.False(h.IsUp(s));
        Assert.True(h.Apply(s, true).IsUp(s));
        Assert.False(h.Apply(s, false).IsUp(s));
    }

    [Fact]
    public void Apply_Rise2Fall3_NeedsThreeFailuresToGoDownAndTwoSuccessesToComeBack()
    {
        var s = new ScriptSettings("chk", Rise: 2, Fall: 3);
        var h = ScriptHealth.Initial(s).Apply(s, true);
        Assert.True(h.IsUp(s));
        h = h.Apply(s, false);
        Assert.True(h.IsUp(s));
        h = h.Apply(s, false);
        Assert.True(h.IsUp(s));
        h = h.Apply(s, false);
        Assert.False(h.IsUp(s));
        h = h.Apply(s, true);
        Assert.False(h.IsUp(s));
        h = h.Apply(s, true);
        Assert.True(h.IsUp(s));
    }

    [Fact]
    public void Initial_InitFail_StartsDownAndNotInitialising()
    {
        var s = new ScriptSettings("chk", InitFail: true);
        var h = ScriptHealth.Initial(s);
        Assert.False(h.Initialising);
        Assert.False(h.IsUp(s));
    }
}
