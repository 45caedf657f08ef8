namespace KeepalivedSharp.Config.Tests.Binding;

/// <summary>global_defs' IPVS keywords as keepalived 2.2.7 reads them (core/global_parser.c, lib/parser.c read_unsigned_func).</summary>
public class LvsSettingsTests
{
    private static ConfigResult Global(string body) => ConfText.Load("global_defs {\n" + body + "\n}\n" + ConfText.Instance());

    [Fact]
    public void Load_EveryKeyword_Typed()
    {
        var r = Global("""
             lvs_timeouts tcp 900 udp 30
             lvs_timeouts tcpfin 120
             lvs_flush
             lvs_flush_on_stop VS
            """);
        Assert.False(r.HasErrors, string.Join("\n", r.Diagnostics));
        var lvs = r.Config!.Global.Lvs;
        Assert.Equal(new LvsTimeouts(900, 120, 30), lvs.Timeouts);
        Assert.True(lvs.Flush);
        Assert.Equal(LvsFlushOnStop.Vs, lvs.FlushOnStop);
        Assert.DoesNotContain(r.Config.Global.OtherSettings, s => s.Keyword.StartsWith("lvs_flush", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_Defaults_TouchNothing()
    {
        var lvs = Global("").Config!.Global.Lvs;
        Assert.Equal((false, false, LvsFlushOnStop.None), (lvs.Timeouts.Any, lvs.Flush, lvs.FlushOnStop));
    }

    [Theory]
    [InlineData("lvs_flush_on_stop")]
    [InlineData("lvs_flush_onstop")]
    public void Load_FlushOnStopWithoutArgument_IsFull(string line)
        => Assert.Equal(LvsFlushOnStop.Full, Global(line).Config!.Global.Lvs.FlushOnStop);

    [Theory]
    [InlineData("lvs_flush_on_stop FULL", "Unknown lvs_flush_on_stop type FULL")]
    [InlineData("lvs_timeouts", "lvs_timeouts requires at least one option")]
    [InlineData("lvs_timeouts tcp", "lvs_timeouts requires at least one option")]
    [InlineData("lvs_timeouts udp 5 tcp", "No value specified for lvs_timeout tcp - ignoring")]
    [InlineData("lvs_timeouts tcp x", "Invalid lvs_timeout tcp (x) - ignoring")]
    [InlineData("lvs_timeouts tcp x", "invalid number 'x'")]
    [InlineData("lvs_timeouts tcpfin -1", "negative number '-1'")]
    [InlineData("lvs_timeouts udp 2678401", "number '2678401' outside range [0, 2678400]")]
    [InlineData("lvs_timeouts udp 99999999999", "number '99999999999' outside unsigned integer range")]
    [InlineData("lvs_timeouts sctp 5", "Unknown option sctp specified for lvs_timeouts")]
    public void Load_BadValue_FailsTestAtItsLineInKeepalivedsWords(string line, string message)
    {
        var r = Global(line);
        Assert.True(r.HasErrors);
        Assert.Contains(r.Diagnostics, d => d.Location.Line == 2 && d.Message == message);
    }

    [Fact]
    public void Load_ZeroAndTheMaximum_AreAccepted()
    {
        var r = Global("lvs_timeouts tcp 0 udp 10 tcpfin 2678400");
        Assert.False(r.HasErrors, string.Join("\n", r.Diagnostics));
        Assert.Equal(new LvsTimeouts(0, 2678400, 10), r.Config!.Global.Lvs.Timeouts);
    }
}
