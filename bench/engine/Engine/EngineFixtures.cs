using System.Net;
using KeepalivedSharp.Core.Vrrp;

namespace KeepalivedSharp.Bench.Engine.Engine;

/// <summary>Instances and adverts for the engine benchmarks: one segment, us at .2, the peer at .1.</summary>
public static class EngineFixtures
{
    public const string Interface = "eth0";
    public static readonly IPAddress Self = IPAddress.Parse("10.9.0.2");
    public static readonly IPAddress Peer = IPAddress.Parse("10.9.0.1");

    public static IPAddress Vip(byte vrid) => new([10, 9, 1, vrid]);

    public static InstanceSettings Instance(byte vrid, int priority, int version = 2, double intervalSeconds = 1, bool lowerPrioNoAdvert = false, IPAddress? vip = null, string iface = Interface)
        => new()
        {
            Name = $"VI_{iface}_{vrid}",
            Interface = iface,
            VirtualRouterId = vrid,
            Priority = priority,
            Version = version,
            AdvertInterval = TimeSpan.FromSeconds(intervalSeconds),
            VirtualAddresses = [vip ?? Vip(vrid)],
            SourceAddress = Self,
            LowerPrioNoAdvert = lowerPrioNoAdvert,
        };

    /// <summary>A valid multicast advert for <paramref name="vrid"/> from the peer.</summary>
    public static ReceivedAdvert Advert(byte vrid, int priority, int version = 2, double intervalSeconds = 1, string iface = Interface)
        => new(iface, Peer, Multicast: true, new Advertisement
        {
            Version = version,
            VirtualRouterId = vrid,
            Priority = priority,
            Interval = TimeSpan.FromSeconds(intervalSeconds),
            Addresses = [Vip(vrid)],
        });

    /// <summary>Starts the engine and runs its timers until every instance is in <paramref name="expected"/>; throws otherwise.</summary>
    public static VrrpEngine Started(IEnumerable<InstanceSettings> instances, VrrpState expected, List<EngineAction> output)
    {
        var engine = new VrrpEngine(instances);
        engine.Start(TimeSpan.Zero, output);
        if (expected == VrrpState.Master) engine.Tick(TimeSpan.FromSeconds(10), output);
        output.Clear();
        RequireState(engine, expected);
        return engine;
    }

    public static void RequireState(VrrpEngine engine, VrrpState expected)
    {
        foreach (var s in engine.Snapshot())
        {
            if (s.State != expected) throw new InvalidOperationException($"{s.Name} is {s.State}, the benchmark needs {expected}");
        }
    }

    /// <summary>Throws unless every advert was accepted (counted as received, none dropped).</summary>
    public static void RequireAccepted(VrrpEngine engine, long expected)
    {
        long received = engine.Snapshot().Sum(s => s.Counters.AdvertReceived);
        if (received != expected) throw new InvalidOperationException($"engine accepted {received} adverts, expected {expected}");
    }
}
