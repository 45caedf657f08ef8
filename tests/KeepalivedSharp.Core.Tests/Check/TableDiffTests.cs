using System.Collections.Immutable;
using System.Net;
using CsCheck;
using KeepalivedSharp.Core.Check;

namespace KeepalivedSharp.Core.Tests.Check;

/// <summary>The pure diff between desired tables: Apply(Diff(a, b), a) == b.</summary>
public class TableDiffTests
{
    private static Gen<T> Pick<T>(params T[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    private static readonly Gen<ServiceKey> GenService =
        Gen.OneOf(
            Gen.Int[1, 3].Select(n => ServiceKey.ForFwmark((uint)n)),
            Gen.Select(Gen.Int[1, 3], Pick((ushort)80, (ushort)443), Pick(LbProtocol.Tcp, LbProtocol.Udp),
                (n, port, proto) => ServiceKey.ForAddress(proto, IPAddress.Parse($"10.0.0.{n}"), port)));

    private static readonly Gen<ServiceOptions> GenOptions =
        Gen.Select(Pick("wlc", "rr", "sh"), Gen.UInt[0, 2], (s, t) => ServiceOptions.Default with { Scheduler = s, PersistenceTimeout = t * 300 });

    private static readonly Gen<Destination> GenDestination =
        Gen.Select(Pick(DestinationOptions.Nat, new DestinationOptions(ForwardMethod.DirectRoute)), Gen.Int[0, 3],
            (o, w) => new Destination(o, w));

    private static readonly Gen<ImmutableSortedDictionary<DestinationKey, Destination>> GenDestinations =
        Gen.Select(Gen.Int[1, 4], Pick((ushort)80, (ushort)8080), GenDestination,
                (n, p, d) => (Key: new DestinationKey(IPAddress.Parse($"10.0.1.{n}"), p), Dest: d))
            .Array[0, 5]
            .Select(xs => xs.DistinctBy(x => x.Key).ToImmutableSortedDictionary(x => x.Key, x => x.Dest, TableOrder.Destinations));

    internal static readonly Gen<LoadBalancerTable> GenTable =
        Gen.Select(GenService, GenOptions, GenDestinations, (k, o, d) => (k, Entry: new ServiceEntry(o, d)))
            .Array[0, 5]
            .Select(xs => new LoadBalancerTable(xs.DistinctBy(x => x.k).ToImmutableSortedDictionary(x => x.k, x => x.Entry, TableOrder.Services)));

    [Fact]
    public void ApplyDiff_TurnsAIntoB() =>
        Gen.Select(GenTable, GenTable).Sample((a, b) => TableDiff.Apply(TableDiff.Diff(a, b), a).Equals(b), iter: 5_000);

    [Fact]
    public void Diff_OfEqualTables_IsEmpty() =>
        GenTable.Sample(a => TableDiff.Diff(a, a).Count == 0 && TableDiff.Diff(a, a with { }).Count == 0, iter: 2_000);

    [Fact]
    public void Diff_RemovedService_LosesDestinationsFirst()
    {
        var svc = ServiceKey.ForFwmark(1);
        var dest = new DestinationKey(IPAddress.Parse("10.0.1.1"), 0);
        var a = new LoadBalancerTable(LoadBalancerTable.Empty.Services.Add(svc,
            new ServiceEntry(ServiceOptions.Default, LoadBalancerTable.NoDestinations.Add(dest, new Destination(DestinationOptions.Nat, 1)))));
        var ops = TableDiff.Diff(a, LoadBalancerTable.Empty);
        Assert.Equal([new DeleteDestination(svc, dest), new DeleteService(svc)], ops);
    }

    [Fact]
    public void ScopedDiff_ADestinationOnNeitherSide_IsNotDeleted()
    {
        var svc = ServiceKey.ForFwmark(1);
        var held = new DestinationKey(IPAddress.Parse("10.0.1.1"), 0);
        var absent = new DestinationKey(IPAddress.Parse("10.0.1.9"), 0);
        var a = new LoadBalancerTable(LoadBalancerTable.Empty.Services.Add(svc,
            new ServiceEntry(ServiceOptions.Default, LoadBalancerTable.NoDestinations.Add(held, new Destination(DestinationOptions.Nat, 1)))));

        var ops = TableDiff.Diff(a, a with { }, new TableChange(a, [new ServiceChange(svc, [absent])]));

        Assert.Empty(ops);
    }

    [Fact]
    public void Apply_Strict_AddingWhatExistsThrows()
    {
        var svc = ServiceKey.ForFwmark(1);
        var a = TableDiff.Apply([new AddService(svc, ServiceOptions.Default)], LoadBalancerTable.Empty);
        Assert.Throws<InvalidOperationException>(() => TableDiff.Apply([new AddService(svc, ServiceOptions.Default)], a));
    }
}
