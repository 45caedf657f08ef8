using System.Net;
using KeepalivedSharp.Bench.Engine.Harness;
using KeepalivedSharp.Core.Vrrp;
using static KeepalivedSharp.Bench.Engine.Engine.EngineFixtures;

namespace KeepalivedSharp.Bench.Engine.ReceivePath;

/// <summary>
/// (b) The full receive path on real keepalived datagrams: VrrpParser.ParseIPv4, mapping to the
/// engine's Advertisement, VrrpEngine.Receive in a BACKUP; with the stages also measured alone.
/// </summary>
public static class ReceivePathBench
{
    public const string Suite = "receive-path";

    public static IEnumerable<CaseResult> Run(Runner runner)
    {
        var v2 = CapturedAdverts.V2None;
        var v3 = CapturedAdverts.V3IPv4;
        yield return Measure(runner, "v2 capture: ParseIPv4 only", new DatagramLoop(v2, null, map: false), 100);
        yield return Measure(runner, "v2 capture: ParseIPv4 + map to ReceivedAdvert", new DatagramLoop(v2, null, map: true), 100);
        yield return Measure(runner, "v2 capture: ParseIPv4 + map + Receive (BACKUP)",
            new DatagramLoop(v2, Started([Instance(51, 50, vip: IPAddress.Parse("10.9.0.51"))], VrrpState.Backup, []), map: true), 100);
        yield return Measure(runner, "v3 capture: ParseIPv4 + map + Receive (BACKUP)",
            new DatagramLoop(v3, Started([Instance(53, 100, 3, 0.5, vip: IPAddress.Parse("10.9.0.53"))], VrrpState.Backup, []), map: true), 200);
    }

    private static CaseResult Measure(Runner runner, string name, DatagramLoop loop, int priority)
    {
        var m = runner.Ops(Suite, name, "adverts", loop.Run);
        if (loop.PrioritySum != loop.Fed * priority) throw new InvalidOperationException($"{name}: parsed priorities do not add up");
        if (loop.Engine is { } engine)
        {
            RequireState(engine, VrrpState.Backup);
            RequireAccepted(engine, loop.Fed);
        }
        return new(m, loop.Run);
    }
}
