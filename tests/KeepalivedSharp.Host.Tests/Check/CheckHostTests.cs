using System.Net;
using KeepalivedSharp.Config;
using KeepalivedSharp.Core.Check;
using KeepalivedSharp.Host.Check;
using KeepalivedSharp.Host.Ports;
using KeepalivedSharp.Host.Tests.Faults;
using KeepalivedSharp.Probes;
using KeepalivedSharp.Settings;

namespace KeepalivedSharp.Host.Tests.Check;

/// <summary>
/// The check host on the real engine with a recording probe runner and virtual time: the probes it
/// starts, the log lines keepalived users grep for, and the table it hands on.
/// </summary>
public sealed class CheckHostTests
{
    private sealed class RecordingProbes : IProbeRunner
    {
        public List<ProbeRequest> Started { get; } = [];
        public int Cancels { get; private set; }

        public void Start(ProbeRequest request) => Started.Add(request);

        public void CancelAll() => Cancels++;
    }

    private const string Config = """
        virtual_server 10.0.0.1 80 {
         delay_loop 5
         lvs_sched rr
         lvs_method NAT
         protocol TCP
         quorum 2
         real_server 10.0.0.2 80 {
          weight 1
          TCP_CHECK {
           connect_timeout 2
           retry 1
           delay_before_retry 1
          }
         }
         real_server 10.0.0.3 80 {
          weight 1
          inhibit_on_failure
          TCP_CHECK {
           connect_timeout 2
          }
         }
        }
        """;

    private static (CheckHost Host, RecordingProbes Probes, ListLogger Log, List<LoadBalancerTable> Tables) Rig()
    {
        var r = ConfigLoader.LoadText(Config, "/etc/keepalived/keepalived.conf", new ConfigOptions());
        Assert.True(r.Config is not null, string.Join("\n", r.Diagnostics));
        var probes = new RecordingProbes();
        var log = new ListLogger();
        var host = new CheckHost(CheckSetupBuilder.Build(r.Config), 1, probes, log);
        var tables = new List<LoadBalancerTable>();
        host.TableChanged = tables.Add;
        return (host, probes, log, tables);
    }

    private static void RunUntil(CheckHost host, ref TimeSpan now, Func<bool> done, TimeSpan limit)
    {
        var end = now + limit;
        while (!done() && host.NextDeadline is { } at && at <= end)
        {
            now = at;
            host.Tick(now);
        }
        Assert.True(done(), "not reached within " + limit);
    }

    [Fact]
    public void Start_ActivatesEachChecker_BothServersIn_QuorumGained()
    {
        var (host, _, log, tables) = Rig();
        host.Start(TimeSpan.Zero);
        Assert.Equal(["Activating healthchecker for service [10.0.0.2]:tcp:80 for VS [10.0.0.1]:tcp:80",
            "Activating healthchecker for service [10.0.0.3]:tcp:80 for VS [10.0.0.1]:tcp:80"], log.WithId(1400));
        Assert.Equal("Gained quorum 2+0=2 <= 2 for VS [10.0.0.1]:tcp:80", Assert.Single(log.WithId(1412)));
        Assert.Equal(2, tables.Last().Services.Single().Value.Destinations.Count);
    }

    [Fact]
    public void FailedProbes_RetriedThenDown_LoggedInKeepalivedsWords_AndTheTableFollows()
    {
        var (host, probes, log, tables) = Rig();
        var now = TimeSpan.Zero;
        host.Start(now);
        var rs2 = new DestinationKey(IPAddress.Parse("10.0.0.2"), 80);
        // The first run of each checker succeeds: keepalived logs the success of a first run.
        RunUntil(host, ref now, () => probes.Started.Count >= 2, TimeSpan.FromSeconds(20));
        foreach (var p in probes.Started.ToList()) host.Handle(new ProbeFinished(p.Probe, true, null, null), now);
        Assert.Contains("TCP connection to [10.0.0.2]:tcp:80 success.", log.WithId(1401));
        // Then 10.0.0.2 fails: retry 1 means two failed attempts before it goes down.
        for (int attempt = 0; attempt < 2; attempt++)
        {
            int seen = probes.Started.Count;
            RunUntil(host, ref now, () => probes.Started.Skip(seen).Any(p => p.Checker.RealServer == rs2), TimeSpan.FromSeconds(20));
            var p = probes.Started.Skip(seen).First(p => p.Checker.RealServer == rs2);
            Assert.Equal(new IPEndPoint(IPAddress.Parse("10.0.0.2"), 80), p.Spec.Target);
            host.Handle(new ProbeFinished(p.Probe, false, null, "TCP connection to [10.0.0.2]:tcp:80 failed."), now);
        }
        Assert.Equal("TCP_CHECK on service [10.0.0.2]:tcp:80 failed after 1 retries.", Assert.Single(log.WithId(1402)));
        Assert.Equal("TCP connection to [10.0.0.2]:tcp:80 failed.", Assert.Single(log.WithId(1403)));
        Assert.Equal("Removing service [10.0.0.2]:tcp:80 from VS [10.0.0.1]:tcp:80", Assert.Single(log.WithId(1410)));
        Assert.Equal("Lost quorum 2-0=2 > 1 for VS [10.0.0.1]:tcp:80", log.WithId(1412).Last());
        Assert.DoesNotContain(rs2, tables.Last().Services.Single().Value.Destinations.Keys);
        Assert.False(host.IsAlive("[10.0.0.1]:tcp:80", rs2));
    }

    [Fact]
    public void InhibitedServer_IsDisabled_NotRemoved()
    {
        var (host, probes, log, _) = Rig();
        var now = TimeSpan.Zero;
        host.Start(now);
        var rs3 = new DestinationKey(IPAddress.Parse("10.0.0.3"), 80);
        RunUntil(host, ref now, () => probes.Started.Any(p => p.Checker.RealServer == rs3), TimeSpan.FromSeconds(20));
        // A first run that fails takes the server down at once (retry_it is preset at start).
        host.Handle(new ProbeFinished(probes.Started.First(p => p.Checker.RealServer == rs3).Probe, false, null, null), now);
        Assert.Equal("TCP_CHECK on service [10.0.0.3]:tcp:80 failed.", Assert.Single(log.WithId(1402)));
        Assert.Equal("Disabling service [10.0.0.3]:tcp:80 of VS [10.0.0.1]:tcp:80", Assert.Single(log.WithId(1410)));
    }

    [Fact]
    public void Stop_CancelsProbes_EmptiesTheTable_LateAnswerLogged()
    {
        var (host, probes, log, tables) = Rig();
        var now = TimeSpan.Zero;
        host.Start(now);
        RunUntil(host, ref now, () => probes.Started.Count >= 1, TimeSpan.FromSeconds(20));
        host.Stop(now);
        Assert.Equal(1, probes.Cancels);
        Assert.Empty(tables.Last().Services);
        host.Handle(new ProbeFinished(probes.Started[0].Probe, true, null, null), now);
        Assert.Single(log.WithId(1420));
    }
}
