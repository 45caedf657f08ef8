using KeepalivedSharp.Config;
using KeepalivedSharp.Core.Check;
using KeepalivedSharp.Host.LoadBalancer;
using KeepalivedSharp.Host.Ports;
using KeepalivedSharp.Linux.Ipvs;
using Microsoft.Extensions.Logging.Abstractions;
using static KeepalivedSharp.Host.Tests.LoadBalancer.NftCommandsTests;

namespace KeepalivedSharp.Host.Tests.LoadBalancer;

/// <summary>
/// lvs_timeouts, lvs_flush and lvs_flush_on_stop against <see cref="FakeIpvs"/>, in keepalived 2.2.7's order
/// (check_daemon.c start_check, ipwrapper.c clear_services, libipvs.c ipvs_set_timeout).
/// </summary>
public sealed class IpvsGlobalsTests
{
    private static readonly IpvsService Foreign = IpvsRules.Identity(
        ServiceKey.ForAddress(LbProtocol.Udp, System.Net.IPAddress.Parse("10.9.9.9"), 53)) with { Scheduler = "rr" };

    private static (IpvsLoadBalancer Lb, FakeIpvs Kernel) Start(LvsSettings lvs)
    {
        var k = new FakeIpvs();
        k.Service(IpvsCommand.NewService, Foreign);
        var lb = new IpvsLoadBalancer(k, NullLogger.Instance, lvs);
        lb.Start();
        return (lb, k);
    }

    [Fact]
    public void Start_Timeouts_SetWithTheKernelsForThoseNotGiven_AndRestoredAtDispose()
    {
        var (lb, k) = Start(new LvsSettings { Timeouts = new LvsTimeouts(7200, 0, 50) });

        Assert.Equal(new IpvsTimeouts(7200, 120, 50), k.Timeouts);
        Assert.Equal("SetConfig 7200 120 50", k.Commands[^1]);
        lb.Dispose();
        Assert.Equal(new IpvsTimeouts(900, 120, 300), k.Timeouts);
    }

    [Fact]
    public void Start_NoTimeouts_NeitherSetsNorRestores()
    {
        var (lb, k) = Start(new LvsSettings());
        lb.Dispose();
        Assert.DoesNotContain(k.Commands, c => c.StartsWith("SetConfig", StringComparison.Ordinal));
    }

    [Fact]
    public void Reconfigure_WithoutTimeouts_PutsTheKernelsBack()
    {
        var (lb, k) = Start(new LvsSettings { Timeouts = new LvsTimeouts(10, 10, 10) });
        lb.Reconfigure(new LvsSettings());
        Assert.Equal(new IpvsTimeouts(900, 120, 300), k.Timeouts);
    }

    [Fact]
    public void Start_Flush_RemovesAForeignService_WithoutFlushNothingIsTouched()
    {
        Assert.Empty(Start(new LvsSettings { Flush = true }).Kernel.Services);
        Assert.Single(Start(new LvsSettings()).Kernel.Services);
    }

    [Fact]
    public void Release_FlushOnStopFull_FlushesEverything()
    {
        var (lb, k) = Start(new LvsSettings { FlushOnStop = LvsFlushOnStop.Full });
        lb.Apply(Wrr31);
        lb.Release();
        Assert.Empty(k.Services);
        Assert.Equal("Flush", k.Commands[^1]);
        Assert.Equal(LoadBalancerTable.Empty, lb.Applied);
    }

    [Fact]
    public void Release_FlushOnStopVs_DeletesOurServicesWithoutTheirDestinations()
    {
        var (lb, k) = Start(new LvsSettings { FlushOnStop = LvsFlushOnStop.Vs });
        lb.Apply(Wrr31);
        k.Commands.Clear();
        lb.Release();
        Assert.Equal(["DelService 10.0.0.100:tcp:80"], k.Commands);
        Assert.Equal([Foreign], k.Services.Keys);
    }
}
