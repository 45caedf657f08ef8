using KeepalivedSharp.Core.Check;
using static KeepalivedSharp.Core.Tests.Check.CheckFixtures;

namespace KeepalivedSharp.Core.Tests.Check;

/// <summary>Reload keeps state: keepalived's clear_diff_services and migrate_checkers (spec 1.8).</summary>
public class ReloadTests
{
    [Fact]
    public void Unchanged_NoTableChange_ZeroOps_StateAndInFlightProbeKept()
    {
        var vs = Virtual(Real(1, Tcp()), Real(2, Tcp()));
        var d = new CheckDriver(1, vs).Start().At(S);
        var p = d.Last.OfType<RunProbe>().ToList();
        d.Answer(p[0], false);
        var before = d.Engine.Table;
        d.Do(o => d.Engine.Reload([vs], d.Now, o));
        Assert.Empty(d.Last.OfType<TableChanged>());
        Assert.Empty(TableDiff.Diff(before, d.Engine.Table));
        Assert.Null(d.Dest(Rs(1))); // a failed server is not re-added by reloading (#1720)
        Assert.True(d.Engine.ProbeDone(p[1].Probe, true, null, null, d.Now, []));
    }

    [Fact]
    public void NewAlphaChecker_OnLiveServer_DoesNotTakeItDown()
    {
        var d = new CheckDriver(1, Virtual(Real(1, Tcp()))).Start();
        d.Do(o => d.Engine.Reload([Virtual(Real(1, Tcp(), Tcp(alpha: true)))], d.Now, o));
        Assert.NotNull(d.Dest(Rs(1)));
        Assert.Empty(d.Last.OfType<RealServerChanged>());
    }

    [Fact]
    public void NewServerWithAlpha_StartsDown_RemovedServerLeaves_WeightChangeEdits()
    {
        var d = new CheckDriver(1, Virtual(Real(1, Tcp()), Real(2, Tcp()))).Start();
        var before = d.Engine.Table;
        var next = Virtual(Real(1, Tcp()) with { Weight = 4 }, Real(3, Tcp(alpha: true)));
        d.Do(o => d.Engine.Reload([next], d.Now, o));
        var ops = TableDiff.Diff(before, d.Engine.Table);
        Assert.Equal(2, ops.Count);
        Assert.Contains(ops, o => o is DeleteDestination { Key: var k } && k == Rs(2));
        Assert.Contains(ops, o => o is EditDestination { Destination.Weight: 4 });
        Assert.Null(d.Dest(Rs(3)));
    }

    [Fact]
    public void RemovedOmegaServer_NotifiesDownAndQuorumDown()
    {
        var vs = Virtual(Real(1, Tcp())) with { Omega = true };
        var d = new CheckDriver(1, vs).Start();
        d.Do(o => d.Engine.Reload([], d.Now, o));
        Assert.Contains(d.Last, a => a is RealServerChanged { Up: false });
        Assert.Contains(d.Last, a => a is QuorumChanged { Up: false });
        Assert.Empty(d.Engine.Table.Services);
    }

    [Fact]
    public void Shutdown_EmptiesTable_StopsTimers()
    {
        var d = new CheckDriver(1, Virtual(Real(1, Tcp()))).Start();
        d.Do(o => d.Engine.Shutdown(d.Now, o));
        Assert.Equal(LoadBalancerTable.Empty, d.Last.OfType<TableChanged>().Single().Table);
        d.At(100 * S);
        Assert.Empty(d.Last);
    }
}
