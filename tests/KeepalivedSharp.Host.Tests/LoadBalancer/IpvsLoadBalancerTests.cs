using System.Net;
using System.Net.Sockets;
using KeepalivedSharp.Core.Check;
using KeepalivedSharp.Host.LoadBalancer;
using KeepalivedSharp.Host.Ports;
using KeepalivedSharp.Linux.Ipvs;
using Microsoft.Extensions.Logging.Abstractions;
using static KeepalivedSharp.Host.Tests.LoadBalancer.NftCommandsTests;
using static KeepalivedSharp.Host.Tests.LoadBalancer.NftSlotsTests;

namespace KeepalivedSharp.Host.Tests.LoadBalancer;

/// <summary>
/// The IPVS backend's diff, error policy (ipvswrapper.c ipvs_talk) and ownership against <see cref="FakeIpvs"/>,
/// which answers as ip_vs_ctl.c does. The kernel itself is exercised only where ip_vs exists (not on this machine).
/// </summary>
public sealed class IpvsLoadBalancerTests
{
    private static readonly ServiceKey Fwm = ServiceKey.ForFwmark(5, AddressFamily.InterNetworkV6);
    private static readonly ServiceKey Other = ServiceKey.ForAddress(LbProtocol.Udp, IPAddress.Parse("10.9.9.9"), 53);

    private static (IpvsLoadBalancer Lb, FakeIpvs Kernel) Open()
    {
        var k = new FakeIpvs();
        return (new IpvsLoadBalancer(k, NullLogger.Instance), k);
    }

    [Fact]
    public void Apply_FromEmpty_AddsServiceThenDestinations_AndReadsBackTheSameTable()
    {
        var (lb, k) = Open();

        lb.Apply(Wrr31);

        Assert.Equal(["NewService 10.0.0.100:tcp:80", "NewDest 10.0.0.100:tcp:80 -> 10.0.1.11:80 w3", "NewDest 10.0.0.100:tcp:80 -> 10.0.1.12:80 w1"], k.Commands);
        Assert.Equal(Wrr31, lb.Applied);
        Assert.Equal(Wrr31, lb.ReadBack());
    }

    [Fact]
    public void Apply_Changes_OnlyTheDifference()
    {
        var (lb, k) = Open();
        lb.Apply(Wrr31);
        k.Commands.Clear();

        lb.Apply(Table((Vs, Entry("wrr", (A, 2)))));
        lb.Apply(Table((Vs, Entry("wrr", (A, 2)))));

        Assert.Equal(["DelDest 10.0.0.100:tcp:80 -> 10.0.1.12:80 w1", "SetDest 10.0.0.100:tcp:80 -> 10.0.1.11:80 w2"], k.Commands);
    }

    [Fact]
    public void Apply_AChangeFromTheTableHeld_DiffsOnlyWhatItNames()
    {
        var (lb, k) = Open();
        lb.Apply(Wrr31);
        k.Commands.Clear();
        // The change names A only, so B's weight (also changed here) is not even compared: the scope is what is diffed.
        var next = Table((Vs, Entry("wrr", (A, 2), (B, 5))));

        lb.Apply(next, new TableChange(Wrr31, [new ServiceChange(Vs, [A])]));

        Assert.Equal(["SetDest 10.0.0.100:tcp:80 -> 10.0.1.11:80 w2"], k.Commands);
        Assert.Same(next, lb.Applied);
    }

    [Fact]
    public void Apply_AnEqualTable_IsAdopted_SoTheNextChangeFromItIsScoped()
    {
        var (lb, k) = Open();
        lb.Apply(Wrr31);
        var same = Table((Vs, Entry("wrr", (A, 3), (B, 1)))); // a reload's rebuild: equal, another object
        lb.Apply(same);
        Assert.Same(same, lb.Applied);
        k.Commands.Clear();

        // B's weight changed too, unnamed: only a scoped diff leaves it alone.
        lb.Apply(Table((Vs, Entry("wrr", (A, 2), (B, 5)))), new TableChange(same, [new ServiceChange(Vs, [A])]));

        Assert.Equal(["SetDest 10.0.0.100:tcp:80 -> 10.0.1.11:80 w2"], k.Commands);
    }

    [Fact]
    public void Apply_AChangeFromAnotherTable_DiffsTheWholeTable()
    {
        var (lb, k) = Open();
        lb.Apply(Wrr31);
        k.Commands.Clear();
        var next = Table((Vs, Entry("wrr", (A, 2), (B, 5))));

        lb.Apply(next, new TableChange(Table((Vs, Entry("wrr", (A, 3), (B, 1)))), [new ServiceChange(Vs, [A])]));

        Assert.Equal(["SetDest 10.0.0.100:tcp:80 -> 10.0.1.11:80 w2", "SetDest 10.0.0.100:tcp:80 -> 10.0.1.12:80 w5"], k.Commands);
    }

    [Fact]
    public void Release_RemovesOurServicesOnly()
    {
        var (lb, k) = Open();
        k.Service(IpvsCommand.NewService, IpvsRules.Identity(Other) with { Scheduler = "rr" });
        lb.Apply(Wrr31);

        lb.Release();

        Assert.Equal([IpvsRules.Key(k.Services.Keys.Single())], [Other]);
        Assert.Equal(LoadBalancerTable.Empty, lb.Applied);
    }

    [Fact]
    public void ReadBack_LeavesOutServicesNotOurs()
    {
        var (lb, k) = Open();
        k.Service(IpvsCommand.NewService, IpvsRules.Identity(Other) with { Scheduler = "rr" });
        lb.Apply(Wrr31);

        Assert.Equal([Vs], lb.ReadBack().Services.Keys);
    }

    [Fact]
    public void FirstApply_OverLeftovers_ChangesThemToTheTable()
    {
        var (lb, k) = Open();
        // An earlier run left the service with another scheduler, a stale real server and a wrong weight.
        var svc = IpvsRules.Service(Vs, ServiceOptions.Default with { Scheduler = "rr" });
        k.Service(IpvsCommand.NewService, svc);
        k.Destination(IpvsCommand.NewDest, svc, new IpvsDestination(A.Address, 80, 0, 9));
        k.Destination(IpvsCommand.NewDest, svc, new IpvsDestination(IPAddress.Parse("10.0.1.99"), 80, 0, 1));
        k.Commands.Clear();

        lb.Apply(Wrr31);

        Assert.Equal(["SetService 10.0.0.100:tcp:80", "DelDest 10.0.0.100:tcp:80 -> 10.0.1.99:80 w1",
            "SetDest 10.0.0.100:tcp:80 -> 10.0.1.11:80 w3", "NewDest 10.0.0.100:tcp:80 -> 10.0.1.12:80 w1"], k.Commands);
        Assert.Equal(Wrr31, lb.ReadBack());
    }

    [Fact]
    public void DeletedByHand_DestinationAndService_AreTakenAsGoneAndReAdded()
    {
        var (lb, k) = Open();
        lb.Apply(Wrr31);
        // ENOENT on SET_DEST is retried as NEW_DEST (ipvs_talk).
        k.Destination(IpvsCommand.DelDest, IpvsRules.Identity(Vs), new IpvsDestination(A.Address, 80, 0, 0));
        lb.Apply(Table((Vs, Entry("wrr", (A, 5), (B, 1)))));
        Assert.Equal(5, lb.ReadBack().Services[Vs].Destinations[A].Weight);

        // A service deleted by hand: the DEL_DEST that follows gets ESRCH (done), the rest goes on; re-adding it
        // after a read-back rebuilds it whole.
        k.Service(IpvsCommand.DelService, IpvsRules.Identity(Vs));
        lb.Apply(Table((Vs, Entry("wrr", (A, 5)))));
        Assert.Equal(Table((Vs, Entry("wrr", (A, 5)))), lb.ReadBack());
        Assert.Equal(lb.Applied, lb.ReadBack());
    }

    [Fact]
    public void UnknownScheduler_FailsInKeepalivedsWords_AndAppliedIsWhatTheKernelHolds()
    {
        var (lb, k) = Open();

        var e = Assert.Throws<LoadBalancerException>(() => lb.Apply(Table((Vs, Entry("nosuch", (A, 1))), (Fwm, Entry("rr")))));

        Assert.Contains("IPVS cmd IP_VS_SO_SET_ADD(1154) error: Scheduler or persistence engine not found(2) (10.0.0.100:tcp:80)", e.Message, StringComparison.Ordinal);
        Assert.Contains("IPVS cmd IP_VS_SO_SET_ADDDEST(1159) error: No such service(3) (10.0.0.100:tcp:80 -> 10.0.1.11:80)", e.Message, StringComparison.Ordinal);
        // The fwmark service went in; Applied says so and the kernel agrees.
        Assert.Equal([Fwm], lb.Applied.Services.Keys);
        Assert.Equal(lb.Applied, lb.ReadBack());
    }

    [Fact]
    public void Rules_DrTunAndPersistence_AreFilledAsKeepalivedFillsThem()
    {
        var dr = new Destination(new DestinationOptions(ForwardMethod.DirectRoute), 1);
        var gue = new Destination(new DestinationOptions(ForwardMethod.Tunnel, 100, 10, 1, 6080, 1), 2);
        var rs = new DestinationKey(IPAddress.Parse("10.0.1.11"), 8080);

        // DR and TUN take the service's port (0 for fwmark); NAT keeps the real server's.
        Assert.Equal(80, IpvsRules.Destination(Vs, rs, dr).Port);
        Assert.Equal(0, IpvsRules.Destination(Fwm, rs, gue).Port);
        Assert.Equal(8080, IpvsRules.Destination(Vs, rs, new Destination(DestinationOptions.Nat, 1)).Port);
        Assert.Equal(new IpvsDestination(rs.Address, 80, 2, 2, 100, 10, 1, 6080, 1), IpvsRules.Destination(Vs, rs, gue));

        var persistent = new ServiceOptions("sh", 0x1 | 0x8, 300, 0x00ffffff, "sip");
        Assert.Equal(new IpvsService(AddressFamily.InterNetwork, 6, Vs.Address, 80, 0, "sh", 0x9, 300, 0x00ffffff, "sip"), IpvsRules.Service(Vs, persistent));
        // Without persistence: no timeout, granularity or engine; IPv6 gets prefix 128.
        Assert.Equal(new IpvsService(AddressFamily.InterNetworkV6, 0, null, 0, 5, "rr", 0, 0, 128), IpvsRules.Service(Fwm, new ServiceOptions("rr", 0, 0, 64, "sip")));
    }

    [Fact]
    public void ReadBack_DrRealServerOnAnotherPort_KeepsTheConfiguredKey()
    {
        var (lb, _) = Open();
        var rs = new DestinationKey(IPAddress.Parse("10.0.1.11"), 8080);
        var dr = new Destination(new DestinationOptions(ForwardMethod.DirectRoute), 1);
        var six = ServiceKey.ForAddress(LbProtocol.Tcp, IPAddress.Parse("2001:db8::1"), 443);
        var persistent = new ServiceOptions("wlc", 0x1, 600, 64);
        var table = new LoadBalancerTable(LoadBalancerTable.Empty.Services
            .Add(Vs, new ServiceEntry(ServiceOptions.Default, LoadBalancerTable.NoDestinations.Add(rs, dr)))
            .Add(six, new ServiceEntry(persistent, LoadBalancerTable.NoDestinations.Add(new DestinationKey(IPAddress.Parse("2001:db8::10"), 443), new Destination(DestinationOptions.Nat, 4)))));

        lb.Apply(table);

        Assert.Equal(table, lb.ReadBack());
    }

    [Fact]
    public void ForcedIpvs_FollowsTheKernel_RefusedWithoutIpVs()
    {
        var why = LoadBalancerBackends.Refusal("ipvs");
        if (LoadBalancerBackends.KernelHasIpvs) return; // the refusal then depends on the family resolving
        Assert.Equal("--lb-backend ipvs: the kernel has no ip_vs (/proc/net/ip_vs is absent; load it with modprobe ip_vs)", why);
        Assert.Throws<KeepalivedSharp.Host.Planning.HostPlanException>(() => LoadBalancerBackends.Open("ipvs", NullLogger.Instance));
    }
}
