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
    internal sealed class RecordingProbes : IProbeRunner
    {
        public List<ProbeRequest> Started { get; } = [];
        public int Cancels { get; private set; }

        public void Start(ProbeRequest request) => Started.Add(request);

        public void CancelAll() => Cancels++;
    }

    internal const string Config = """
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

    internal static (CheckHost Host, RecordingProbes Probes, ListLogger Log, List<LoadBalancerTable> Tables) Rig(string config = Config)
    {
        var r = ConfigLoader.LoadText(config, "/etc/keepalived/keepalived.conf", new ConfigOptions());
        Assert.True(r.Config is not null, string.Join("\n", r.Diagnostics));
        var probes = new RecordingProbes();
        var log = new ListLogger();
        var host = new CheckHost(CheckSetupBuilder.Build(r.Config), 1, probes, log);
        var tables = new List<LoadBalancerTable>();
        host.TableChanged = (t, _) => tables.Add(t);
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

    private const string MiscConfig = """
        track_file tf {
         file /tmp/none
         weight 2
        }
        virtual_server 10.0.0.1 80 {
         delay_loop 5
         lvs_sched rr
         lvs_method NAT
         protocol TCP
         real_server 10.0.0.2 80 {
          weight 1
          MISC_CHECK {
           misc_path "/bin/check 'a b'"
           misc_dynamic
           retry 2
           log_all_failures
          }
         }
         real_server 10.0.0.3 80 {
          weight 1
          FILE_CHECK {
           track_file tf
          }
         }
        }
        """;

    [Fact]
    public void Misc_LinesInCheckMiscWords_DynamicWeight_FileReadingBeforeStart()
    {
        var r = ConfigLoader.LoadText(MiscConfig, "/etc/keepalived/keepalived.conf", new ConfigOptions());
        Assert.True(r.Config is not null, string.Join("\n", r.Diagnostics));
        var probes = new RecordingProbes();
        var log = new ListLogger();
        var host = new CheckHost(CheckSetupBuilder.Build(r.Config), 1, probes, log);
        var vs = "[10.0.0.1]:tcp:80";
        var rs3 = new DestinationKey(IPAddress.Parse("10.0.0.3"), 80);
        var now = TimeSpan.Zero;
        // A file reading of -1 x weight 2 before the start: 10.0.0.3 starts at weight 1-2 (clamped 0), silently.
        host.Start(now, [new FileRead(new CheckerRef(vs, rs3, 0), -1)]);
        Assert.Empty(log.WithId(1411));
        Assert.True(host.IsAlive(vs, rs3));
        void Answer(int? exit, string? detail, bool ok = false)
        {
            int seen = probes.Started.Count;
            RunUntil(host, ref now, () => probes.Started.Count > seen, TimeSpan.FromSeconds(30));
            host.Handle(new ProbeFinished(probes.Started[^1].Probe, ok, exit, detail), now);
        }
        Answer(7, "exited with status 7");
        Assert.Equal("Misc check for [[10.0.0.2]:tcp:80 VS [10.0.0.1]:tcp:80] by [/bin/check] succeeded.", Assert.Single(log.WithId(1401)));
        Assert.Equal("Changing weight from 1 to 5 for active service [10.0.0.2]:tcp:80 of VS [10.0.0.1]:tcp:80", Assert.Single(log.WithId(1411)));
        Answer(1, "exited with status 1");
        Answer(null, Probes.Misc.MiscProbe.TimedOut);
        Answer(1, "exited with status 1");
        Assert.Equal([
            "Misc check for [[10.0.0.2]:tcp:80 VS [10.0.0.1]:tcp:80] by [/bin/check] failed, will do 2 retries (exited with status 1).",
            "Misc check for [[10.0.0.2]:tcp:80 VS [10.0.0.1]:tcp:80] by [/bin/check] timed out on retry 1/2.",
            "Misc check for [[10.0.0.2]:tcp:80 VS [10.0.0.1]:tcp:80] by [/bin/check] failed after 2 retries (exited with status 1).",
        ], log.WithId(1402));
        Assert.Equal("Removing service [10.0.0.2]:tcp:80 from VS [10.0.0.1]:tcp:80", Assert.Single(log.WithId(1410)));
        // The file now reads 0: only the weight changes (-2 was a weight, not a FAULT).
        host.Handle(new FileRead(new CheckerRef(vs, rs3, 0), 0), now);
        Assert.Contains("Changing weight from 0 to 1 for active service [10.0.0.3]:tcp:80 of VS [10.0.0.1]:tcp:80", log.WithId(1411));
        Assert.Empty(log.WithId(1404));
        // -2^30 x 2 is -2^31: FAULT, logged as keepalived does with -D (Debug), and the server goes out.
        host.Handle(new FileRead(new CheckerRef(vs, rs3, 0), -(1L << 30)), now);
        Assert.Equal("([10.0.0.3]:tcp:80): tracked file tf now FAULT state", Assert.Single(log.WithId(1404)));
        Assert.Contains("Removing service [10.0.0.3]:tcp:80 from VS [10.0.0.1]:tcp:80", log.WithId(1410));
    }

    [Fact]
    public void HaSuspend_AddressAbsentAtStart_Deactivated_NoProbe_UntilItComes_ThenSuspendedWhenItGoes()
    {
        var (host, probes, log, _) = Rig(Config.Replace(" protocol TCP\n", " protocol TCP\n ha_suspend\n", StringComparison.Ordinal));
        var now = TimeSpan.Zero;
        const string vs = "[10.0.0.1]:tcp:80";
        host.Start(now, [new VipPresent(vs, false)]);
        // check_api.c register_checkers_thread: known absent before the checkers start.
        Assert.Equal(["Deactivating healthchecker for service [10.0.0.2]:tcp:80 for VS [10.0.0.1]:tcp:80",
            "Deactivating healthchecker for service [10.0.0.3]:tcp:80 for VS [10.0.0.1]:tcp:80"], log.WithId(1400));
        for (int i = 0; i < 10 && host.NextDeadline is { } at; i++) host.Tick(now = at);
        Assert.Empty(probes.Started);
        Assert.True(now >= TimeSpan.FromSeconds(10), $"the suspended checkers re-arm every delay_loop (ticked to {now})");

        host.Handle(new VipPresent(vs, true), now);
        Assert.Equal(["Activating healthchecker for service [10.0.0.2]:tcp:80 for VS [10.0.0.1]:tcp:80",
            "Activating healthchecker for service [10.0.0.3]:tcp:80 for VS [10.0.0.1]:tcp:80"], log.WithId(1413));
        RunUntil(host, ref now, () => probes.Started.Count >= 2, TimeSpan.FromSeconds(20));

        host.Handle(new VipPresent(vs, false), now);
        Assert.Equal("Suspending healthchecker for service [10.0.0.3]:tcp:80 for VS [10.0.0.1]:tcp:80", log.WithId(1413).Last());
    }
}
