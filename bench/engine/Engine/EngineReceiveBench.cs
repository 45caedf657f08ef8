using KeepalivedSharp.Bench.Engine.Harness;
using KeepalivedSharp.Core.Vrrp;
using static KeepalivedSharp.Bench.Engine.Engine.EngineFixtures;

namespace KeepalivedSharp.Bench.Engine.Engine;

/// <summary>
/// (a) The engine alone: VrrpEngine.Receive of already-decoded adverts, in a BACKUP that keeps
/// following its master and in a MASTER hearing a lower priority (RFC 5798 §6.4.2, §6.4.3).
/// </summary>
public static class EngineReceiveBench
{
    public const string Suite = "engine";

    public static IEnumerable<CaseResult> Run(Runner runner)
    {
        yield return Measure(runner, "BACKUP, 1 instance, v2 adverts from a higher priority",
            [Instance(51, 100)], VrrpState.Backup, [Advert(51, 200)]);

        var vrids = Enumerable.Range(1, 100).Select(v => (byte)v).ToArray();
        yield return Measure(runner, "BACKUP, 100 instances, v2 adverts round-robin over the VRIDs",
            [.. vrids.Select(v => Instance(v, 100))], VrrpState.Backup, [.. vrids.Select(v => Advert(v, 200))]);

        yield return Measure(runner, "BACKUP, 100 instances, v3 0.1 s adverts round-robin",
            [.. vrids.Select(v => Instance(v, 100, 3, 0.1))], VrrpState.Backup, [.. vrids.Select(v => Advert(v, 200, 3, 0.1))]);

        yield return Measure(runner, "MASTER, 1 instance, lower priority heard (re-advertises)",
            [Instance(51, 200)], VrrpState.Master, [Advert(51, 100)], expectSend: true);

        yield return Measure(runner, "MASTER, 1 instance, lower priority heard, lower_prio_no_advert",
            [Instance(51, 200, lowerPrioNoAdvert: true)], VrrpState.Master, [Advert(51, 100)]);
    }

    private static CaseResult Measure(Runner runner, string name, InstanceSettings[] instances, VrrpState state,
        ReceivedAdvert[] adverts, bool expectSend = false)
    {
        var loop = new ReceiveLoop(Started(instances, state, []), adverts, TimeSpan.FromSeconds(10));
        loop.Run(1);
        bool sent = loop.LastOutput.Any(a => a is SendAdvert);
        if (sent != expectSend) throw new InvalidOperationException($"{name}: SendAdvert {(sent ? "emitted" : "missing")}");

        var m = runner.Ops(Suite, name, "adverts", loop.Run);
        RequireState(loop.Engine, state);
        RequireAccepted(loop.Engine, loop.Fed);
        return new(m with { Note = $"actions per advert: {string.Join(", ", loop.LastOutput.Select(a => a.GetType().Name))}" }, loop.Run);
    }
}
