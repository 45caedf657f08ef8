using System.Net;
using KeepalivedSharp.Config;
using KeepalivedSharp.Settings;

namespace KeepalivedSharp.Simulation.Tests.Settings;

/// <summary>
/// garp_extra_if as the engine receives it: keepalived 2.2.7 turns it off unless an address is on
/// another VMAC of ours, or on another interface with `all` (vrrp.c vrrp_complete_instance), and
/// refreshes the first address on each such interface (vrrp_send_vmac_update).
/// </summary>
public class GarpExtraIfSettingsTests
{
    private static EffectiveSetup Build(string text)
    {
        var r = ConfigLoader.LoadText(text, "/etc/keepalived/garp-extra.conf", new ConfigOptions { ConfigId = "n" });
        Assert.False(r.HasErrors, string.Join("\n", r.Diagnostics));
        return new(EngineSetupBuilder.Build(r.Config!, (_, _) => IPAddress.Parse("10.0.0.2")));
    }

    private sealed record EffectiveSetup(EngineSetup Setup)
    {
        public (TimeSpan Interval, string[] Addresses) Of(string name)
        {
            var e = Setup.Instance(name)!.Engine;
            return (e.GarpExtraIfInterval, [.. e.ExtraInterfaceAddresses.Select(a => a.ToString())]);
        }
    }

    private static string One(string body, string global = "")
        => $"global_defs {{\n{global}\n}}\nvrrp_instance VI_1 {{\n interface eth0\n virtual_router_id 1\n{body}\n}}\n";

    [Fact]
    public void AllAddressesOnTheInstancesInterface_Off()
    {
        var (interval, addresses) = Build(One(" garp_extra_if all 5\n virtual_ipaddress { 10.0.0.1 }")).Of("VI_1");
        Assert.Equal(TimeSpan.Zero, interval);
        Assert.Empty(addresses);
    }

    [Fact]
    public void AnotherInterfaceWithoutAll_Off()
        => Assert.Equal(TimeSpan.Zero, Build(One(" garp_extra_if 5\n virtual_ipaddress { 10.0.0.1\n 10.1.0.1 dev eth1 }")).Of("VI_1").Interval);

    [Fact]
    public void OtherInterfacesWithAll_TheFirstAddressOnEach_VipsThenExcluded()
    {
        var (interval, addresses) = Build(One(" garp_extra_if all 5\n virtual_ipaddress { 10.0.0.1\n 10.1.0.1 dev eth1\n 10.1.0.2 dev eth1 }\n"
            + " virtual_ipaddress_excluded { 10.2.0.1 dev eth2\n 10.1.0.3 dev eth1 }")).Of("VI_1");
        Assert.Equal(TimeSpan.FromSeconds(5), interval);
        Assert.Equal(["10.1.0.1", "10.2.0.1"], addresses);
    }

    [Fact]
    public void AnotherInstancesVmac_IsOurs_NoAllNeeded()
    {
        var s = Build("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 1\n use_vmac\n virtual_ipaddress { 10.0.0.1 }\n}\n"
            + "vrrp_instance VI_2 {\n interface eth1\n virtual_router_id 2\n garp_extra_if 7\n virtual_ipaddress { 10.1.0.1\n 10.0.0.9 dev vrrp.1 }\n}\n");
        Assert.Equal(TimeSpan.FromSeconds(7), s.Of("VI_2").Interval);
        Assert.Equal(["10.0.0.9"], s.Of("VI_2").Addresses);
        Assert.Equal(TimeSpan.Zero, s.Of("VI_1").Interval);
    }

    [Fact]
    public void VmacXmitBase_AlsoRefreshesTheOwnVmac()
    {
        var (interval, addresses) = Build(One(" use_vmac\n vmac_xmit_base\n garp_extra_if all 4\n virtual_ipaddress { 10.0.0.1\n 10.1.0.1 dev eth1 }")).Of("VI_1");
        Assert.Equal(TimeSpan.FromSeconds(4), interval);
        Assert.Equal(["10.0.0.1", "10.1.0.1"], addresses);
    }

    [Theory]
    [InlineData(" vrrp_garp_extra_if all 3", "", 3)]        // unset: the global time and `all`
    [InlineData(" vrrp_garp_extra_if all 3", " garp_extra_if 0", 0)] // the instance's 0 turns it off
    [InlineData(" vrrp_garp_extra_if 3", "", 0)]            // no `all`: eth1 is not a VMAC of ours
    [InlineData(" vrrp_garp_extra_if 3", " garp_extra_if all 6", 6)]
    public void GlobalValue_AppliesWhenTheInstanceHasNone(string global, string instance, int seconds)
        => Assert.Equal(TimeSpan.FromSeconds(seconds),
            Build(One(instance + "\n virtual_ipaddress { 10.0.0.1\n 10.1.0.1 dev eth1 }", global)).Of("VI_1").Interval);
}
