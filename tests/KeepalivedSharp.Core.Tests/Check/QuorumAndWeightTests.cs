using KeepalivedSharp.Core.Check;
using static KeepalivedSharp.Core.Tests.Check.CheckFixtures;

namespace KeepalivedSharp.Core.Tests.Check;

/// <summary>Quorum with hysteresis, the sorry server, misc_dynamic and FILE_CHECK weights (spec 1.4, 1.7, 1.8).</summary>
public class QuorumAndWeightTests
{
    private static VirtualServerSettings ThreeWithSorry(long quorum, long hysteresis, bool sorryInhibit = false) =>
        Virtual(Real(1, Tcp()), Real(2, Tcp()), Real(3, Tcp())) with
        {
            Quorum = quorum,
            Hysteresis = hysteresis,
            SorryServer = new RealServerSettings(Rs(9), 1, DestinationOptions.Nat, false, []),
            SorryServerInhibit = sorryInhibit,
        };

    [Fact]
    public void QuorumLost_SorryReplacesLiveServers_DiffRemovesBeforeAdding()
    {
        var d = new CheckDriver(1, ThreeWithSorry(quorum: 2, hysteresis: 0)).Start();
        Assert.Null(d.Dest(Rs(9)));
        d.At(S);
        var p = d.Last.OfType<RunProbe>().ToList();
        var before = d.Engine.Table;
        d.Answer(p[0], false);
        Assert.Empty(d.Last.OfType<QuorumChanged>()); // 2 alive >= 2
        d.Answer(p[1], false);
        var q = Assert.Single(d.Last.OfType<QuorumChanged>());
        Assert.False(q.Up);
        Assert.Equal(1, q.Alive);
        Assert.NotNull(d.Dest(Rs(9)));
        Assert.Null(d.Dest(Rs(3))); // the live server is out while the sorry server is in
        var ops = TableDiff.Diff(before, d.Engine.Table);
        Assert.IsType<AddDestination>(ops[^1]);
        Assert.All(ops.Take(ops.Count - 1), o => Assert.IsType<DeleteDestination>(o));
    }

    [Fact]
    public void Hysteresis_GainNeedsQuorumPlusH_LossNeedsBelowQuorumMinusH()
    {
        // quorum 2, hysteresis 1: lost below 1 (or at 0), gained at 3.
        var d = new CheckDriver(1, ThreeWithSorry(quorum: 2, hysteresis: 1)).Start();
        Assert.True(d.All.OfType<QuorumChanged>().Single().Up);
        d.At(S);
        var p = d.Last.OfType<RunProbe>().ToList();
        d.Answer(p[0], false).Answer(p[1], false);
        Assert.DoesNotContain(d.All.OfType<QuorumChanged>(), x => !x.Up); // 1 alive: not below 1
        d.Answer(p[2], false);
        Assert.Single(d.All.OfType<QuorumChanged>(), x => !x.Up); // 0 alive
        d.At(7 * S);
        p = d.Last.OfType<RunProbe>().ToList();
        d.Answer(p[0], true).Answer(p[1], true);
        Assert.Single(d.All.OfType<QuorumChanged>(), x => x.Up); // 2 < 3: not yet
        d.Answer(p[2], true);
        Assert.Equal(2, d.All.OfType<QuorumChanged>().Count(x => x.Up));
        Assert.Null(d.Dest(Rs(9)));
    }

    [Fact]
    public void SorryServerInhibit_StaysAtWeightZeroWhileQuorumHolds()
    {
        var d = new CheckDriver(1, ThreeWithSorry(quorum: 3, hysteresis: 0, sorryInhibit: true)).Start();
        Assert.Equal(0, d.Dest(Rs(9))!.Value.Weight);
        d.At(S).Answer(d.Last.OfType<RunProbe>().First(), false);
        Assert.Equal(1, d.Dest(Rs(9))!.Value.Weight);
    }

    [Fact]
    public void AlphaWithSorry_StartsWithQuorumDown_SorryIn()
    {
        var vs = ThreeWithSorry(1, 0) with { RealServers = [Real(1, Tcp(alpha: true))] };
        var d = new CheckDriver(1, vs).Start();
        var q = Assert.Single(d.Last.OfType<QuorumChanged>());
        Assert.False(q.Up);
        Assert.True(q.Startup);
        Assert.NotNull(d.Dest(Rs(9)));
    }

    [Fact]
    public void MiscDynamic_Exit255GivesWeight253_TimeoutResetsWithoutLeak()
    {
        var misc = new CheckerSettings(CheckerKind.Misc, 5 * S, S, 0, TimeSpan.Zero, MiscDynamic: true);
        var d = new CheckDriver(1, Virtual(Real(1, misc) with { Weight = 10 })).Start().At(S);
        d.Answer(d.Probe(), true, exit: 255);
        Assert.Equal(253, d.Dest(Rs(1))!.Value.Weight);
        Assert.Contains(d.Last, a => a is WeightChanged { From: 10, To: 253 });
        // The next run is due delay_loop after the START of the previous one (check_misc.c).
        Assert.Equal(6 * S, d.Timer);
        d.At(6 * S).Answer(d.Probe(), false, exit: null); // killed on timeout
        Assert.Null(d.Dest(Rs(1)));
        d.At(11 * S).Answer(d.Probe(), true, exit: 0);
        Assert.Equal(10, d.Dest(Rs(1))!.Value.Weight); // keepalived #2720: no leaked contribution
        d.At(16 * S).Answer(d.Probe(), true, exit: 1);
        Assert.Null(d.Dest(Rs(1)));
    }

    [Fact]
    public void Misc_NotDynamic_OnlyZeroSucceeds()
    {
        var misc = new CheckerSettings(CheckerKind.Misc, 5 * S, S, 0, TimeSpan.Zero);
        var d = new CheckDriver(1, Virtual(Real(1, misc))).Start().At(S);
        d.Answer(d.Probe(), true, exit: 2);
        Assert.Null(d.Dest(Rs(1)));
    }

    [Theory]
    [InlineData(0, false, 0L, true, 1)]
    [InlineData(0, false, 3L, false, 0)]
    [InlineData(4, false, 3L, true, 13)]
    [InlineData(4, true, 3L, true, 0)] // 1 - 12 clamps to 0, still up
    [InlineData(1, true, 2147483648L, false, 0)] // -2^31 fails
    public void FileCheck_ValueTimesWeight(int weight, bool reverse, long value, bool up, int tableWeight)
    {
        var file = new CheckerSettings(CheckerKind.File, TimeSpan.Zero, TimeSpan.Zero, 0, TimeSpan.Zero, FileWeight: weight, FileReverse: reverse);
        var d = new CheckDriver(1, Virtual(Real(1, file) with { InhibitOnFailure = true })).Start();
        Assert.Null(d.Timer); // never polled
        d.Do(o => d.Engine.FileValue(new CheckerRef(Virtual().Id, Rs(1), 0), value, d.Now, o));
        Assert.Equal(up, d.Last.OfType<CheckerResult>().Single().Up);
        Assert.Equal(tableWeight, d.Dest(Rs(1))!.Value.Weight);
    }

    [Theory]
    [InlineData(0, 1L, false, 0)] // weight 0: non-zero fails, the server never goes in
    [InlineData(0, 0L, true, 1)]
    [InlineData(4, 3L, true, 13)] // the weight is there from the start
    public void FileCheck_ReadingBeforeStart_SetsTheInitialStateSilently(int weight, long value, bool inPool, int tableWeight)
    {
        var file = new CheckerSettings(CheckerKind.File, TimeSpan.Zero, TimeSpan.Zero, 0, TimeSpan.Zero, FileWeight: weight);
        var d = new CheckDriver(1, Virtual(Real(1, file)));
        d.Do(o => d.Engine.FileValue(new CheckerRef(Virtual().Id, Rs(1), 0), value, d.Now, o));
        Assert.Empty(d.Last); // check_file.c set_track_file_checkers_down / set_track_file_weights log nothing
        d.Start();
        Assert.DoesNotContain(d.Last.OfType<RealServerChanged>(), r => !r.Initial);
        Assert.Empty(d.Last.OfType<WeightChanged>());
        Assert.Equal(inPool, d.Dest(Rs(1)) is not null);
        if (inPool) Assert.Equal(tableWeight, d.Dest(Rs(1))!.Value.Weight);
        // A later reading of the same value changes nothing; a new one is a normal verdict.
        d.Do(o => d.Engine.FileValue(new CheckerRef(Virtual().Id, Rs(1), 0), value, d.Now, o));
        Assert.False(d.Last.OfType<CheckerResult>().Single().Changed);
    }
}
