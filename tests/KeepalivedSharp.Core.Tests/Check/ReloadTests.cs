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

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RemovedVirtualServer_ClearsLiveServers_NotifiesWithOrWithoutOmega(bool omega)
    {
        // ipwrapper.c clear_service_vs(vs, false): the omega gate is for stopping only.
        var vs = Virtual(Real(1, Tcp()), Real(2, Tcp())) with { Omega = omega };
        var d = new CheckDriver(1, vs).Start();
        d.Do(o => d.Engine.Reload([], d.Now, o));
        var cleared = d.Last.OfType<RealServerCleared>().ToList();
        Assert.Equal([Rs(1), Rs(2)], cleared.Select(c => c.RealServer));
        Assert.All(cleared, c => Assert.Equal(new RealServerCleared(vs.Id, c.RealServer, ClearReason.Removed, false, true), c));
        Assert.Equal(ClearReason.Removed, d.Last.OfType<QuorumChanged>().Single(q => !q.Up).Cleared);
        Assert.Empty(d.Engine.Table.Services);
    }

    [Fact]
    public void DroppedServerOfKeptVirtualServer_ClearedAsRemoved_FailedOneSilent()
    {
        var d = new CheckDriver(1, Virtual(Real(1, Tcp()), Real(2, Tcp()), Real(3, Tcp()))).Start().At(S);
        // Server 3 fails (retry 1: two failures); a failed server out of the table is not "set".
        foreach (var _ in Enumerable.Range(0, 2))
        {
            foreach (var p in d.Last.OfType<RunProbe>().ToList()) d.Answer(p, p.Checker.RealServer != Rs(3));
            d.RunUntil(d.Timer!.Value, p => p.Checker.RealServer != Rs(3));
        }
        Assert.False(d.Engine.IsAlive(Virtual().Id, Rs(3)));
        d.Do(o => d.Engine.Reload([Virtual(Real(1, Tcp()))], d.Now, o));
        var cleared = Assert.Single(d.Last.OfType<RealServerCleared>());
        Assert.Equal((Rs(2), ClearReason.Removed, true), (cleared.RealServer, cleared.Reason, cleared.Notify));
        Assert.DoesNotContain(d.Last, a => a is QuorumChanged);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Shutdown_ClearsEveryServerInTable_NotifiesOnlyWithOmega(bool omega)
    {
        var inhibited = Real(2, Tcp()) with { InhibitOnFailure = true };
        var vs = Virtual(Real(1, Tcp()), inhibited) with { Omega = omega };
        var d = new CheckDriver(1, vs).Start();
        d.Do(o => d.Engine.Shutdown(d.Now, o));
        var cleared = d.Last.OfType<RealServerCleared>().ToList();
        Assert.Equal(2, cleared.Count);
        Assert.All(cleared, c => Assert.Equal((ClearReason.Stopping, false, omega), (c.Reason, c.Inhibited, c.Notify)));
        // update_vs_notifies(vs, true) always; do_vs_notifies acts only with omega.
        var quorum = d.Last.OfType<QuorumChanged>().ToList();
        if (omega) Assert.Equal(ClearReason.Stopping, Assert.Single(quorum).Cleared);
        else Assert.Empty(quorum);
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
