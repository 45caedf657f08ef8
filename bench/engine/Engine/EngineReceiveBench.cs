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

        // 1,000 instances: VRIDs 1..250 on four interfaces (a VRID is unique per interface and family).
        var many = Enumerable.Range(0, 1000).Select(k => (Iface: $"eth{k / 250}", Vrid: (byte)(k % 250 + 1))).ToArray();
        yield return Measure(runner, "BACKUP, 1000 instances, v2 adverts round-robin over the VRIDs",
            [.. many.Select(m => Instance(m.Vrid, 100, iface: m.Iface))], VrrpState.Backup, [.. many.Select(m => Advert(m.Vrid, 200, iface: m.Iface))]);

        yield return Measure(runner, "BACKUP, 1000 instances, v3 0.1 s adverts round-robin",
            [.. many.Select(m => Instance(m.Vrid, 100, 3, 0.1, iface: m.Iface))], VrrpState.Backup, [.. many.Select(m => Advert(m.Vrid, 200, 3, 0.1, iface: m.Iface))]);

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
