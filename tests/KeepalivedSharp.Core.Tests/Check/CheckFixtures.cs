using System.Collections.Immutable;
using System.Net;
using KeepalivedSharp.Core.Check;

namespace KeepalivedSharp.Core.Tests.Check;

/// <summary>Small builders for check-engine settings and a driver that keeps the engine's actions.</summary>
internal static class CheckFixtures
{
    public static readonly TimeSpan S = TimeSpan.FromSeconds(1);
    public static readonly IPAddress Vip = IPAddress.Parse("10.0.0.100");

    public static ServiceKey Service(ushort port = 80) => ServiceKey.ForAddress(LbProtocol.Tcp, Vip, port);

    public static DestinationKey Rs(int n, ushort port = 80) => new(IPAddress.Parse($"10.0.1.{n}"), port);

    public static CheckerSettings Tcp(int retry = 1, double delayLoop = 6, double dbr = 1, double warmup = 0, bool alpha = false) =>
        new(CheckerKind.Tcp, delayLoop * S, dbr * S, retry, warmup * S, alpha);

    public static RealServerSettings Real(int n, params CheckerSettings[] checkers) =>
        new(Rs(n), 1, DestinationOptions.Nat, false, [.. checkers]);

    public static VirtualServerSettings Virtual(params RealServerSettings[] servers) =>
        new("[10.0.0.100]:tcp:80", [Service()], ServiceOptions.Default, [.. servers]);

    /// <summary>Runs seeds 1..<paramref name="count"/> (stopping after five failures) and fails with each failed seed's message.</summary>
    public static void ForSeeds(int count, Action<int> run)
    {
        var failures = new List<string>();
        for (int seed = 1; seed <= count && failures.Count < 5; seed++)
        {
            try { run(seed); }
            catch (Exception e) when (e is InvalidOperationException or Xunit.Sdk.XunitException)
            { failures.Add($"seed {seed}: {e.Message}"); }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}

/// <summary>Runs one engine and keeps every action it emitted.</summary>
internal sealed class CheckDriver
{
    public CheckEngine Engine { get; }
    public List<CheckAction> All { get; } = [];
    public List<CheckAction> Last { get; private set; } = [];
    public TimeSpan Now { get; private set; }

    public CheckDriver(ulong seed = 1, params VirtualServerSettings[] servers) => Engine = new CheckEngine(servers, seed);

    public CheckDriver Start() => Do(o => Engine.Start(Now, o));

    public CheckDriver At(TimeSpan t)
    {
        Now = t;
        return Do(o => Engine.Tick(t, o));
    }

    /// <summary>Advances to the engine's timer until <paramref name="t"/>, firing every tick on the way.</summary>
    public CheckDriver RunUntil(TimeSpan t, Func<RunProbe, bool>? answer = null)
    {
        for (int guard = 0; guard < 100_000; guard++)
        {
            var timer = Timer;
            if (timer is not { } at || at > t) break;
            At(at);
            if (answer is not null)
                foreach (var p in Last.OfType<RunProbe>().ToList()) Answer(p, answer(p));
        }
        Now = t;
        return this;
    }

    public TimeSpan? Timer => All.OfType<CheckTimer>().LastOrDefault()?.At is { } at && at >= Now ? at : null;

    public CheckDriver Answer(RunProbe probe, bool ok, int? exit = null) =>
        Do(o => Engine.ProbeDone(probe.Probe, ok, exit, null, Now, o));

    public CheckDriver Do(Action<List<CheckAction>> step)
    {
        Last = [];
        step(Last);
        All.AddRange(Last);
        return this;
    }

    public Destination? Dest(DestinationKey rs, ServiceKey? svc = null) =>
        Engine.Table.Services.TryGetValue(svc ?? CheckFixtures.Service(), out var e) && e.Destinations.TryGetValue(rs, out var d) ? d : null;

    public RunProbe Probe() => Last.OfType<RunProbe>().Single();
}
