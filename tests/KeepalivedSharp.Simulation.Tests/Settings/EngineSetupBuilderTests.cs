using System.Net;
using KeepalivedSharp.Settings;
using KeepalivedSharp.Config;
using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Wire.Vrrp;

namespace KeepalivedSharp.Simulation.Tests.Settings;

/// <summary>keepalived's derived defaults as the engine receives them (vrrp.c vrrp_complete_init / vrrp_complete_instance).</summary>
public class EngineSetupBuilderTests
{
    private static InstanceSettings Build(string global, string instance) => BuildEffective(global, instance).Engine;

    private static EffectiveInstance BuildEffective(string global, string instance)
    {
        var text = $"global_defs {{\n{global}\n}}\nvrrp_instance VI_1 {{\n interface eth0\n virtual_router_id 1\n priority 100\n"
            + $" virtual_ipaddress {{ 10.0.0.1 }}\n virtual_ipaddress_excluded {{ 10.0.9.9 }}\n{instance}\n}}\n";
        var r = ConfigLoader.LoadText(text, "/etc/keepalived/binding-test.conf", new ConfigOptions { ConfigId = "n" });
        Assert.False(r.HasErrors, string.Join("\n", r.Diagnostics));
        return EngineSetupBuilder.Build(r.Config!, (_, _) => IPAddress.Parse("10.0.0.2")).EffectiveInstances.Single();
    }

    [Fact]
    public void LowerPrioGarps_DefaultToTheGlobalMasterRepeatAndDelay()
    {
        var s = Build("", "");
        Assert.Equal(5, s.GarpLowerPrioRepeat);
        Assert.Equal(TimeSpan.FromSeconds(5), s.GarpLowerPrioDelay);
        Assert.False(s.LowerPrioNoAdvert);
    }

    [Fact]
    public void LowerPrioGarps_FollowTheGlobalMasterValues_NotTheInstances()
    {
        // keepalived: global vrrp_garp_lower_prio_* default to vrrp_garp_master_* (global_data), not to garp_master_* of the instance.
        var s = Build(" vrrp_garp_master_repeat 3\n vrrp_garp_master_delay 2", " garp_master_repeat 7\n garp_master_delay 9");
        Assert.Equal(3, s.GarpLowerPrioRepeat);
        Assert.Equal(TimeSpan.FromSeconds(2), s.GarpLowerPrioDelay);
        Assert.Equal(7, s.GarpMasterRepeat);
    }

    [Fact]
    public void LowerPrioGarps_InstanceThenGlobalValues()
    {
        Assert.Equal(2, Build(" vrrp_garp_lower_prio_repeat 2", "").GarpLowerPrioRepeat);
        Assert.Equal(1, Build(" vrrp_garp_lower_prio_repeat 2", " garp_lower_prio_repeat 1").GarpLowerPrioRepeat);
        Assert.Equal(TimeSpan.FromSeconds(3), Build(" vrrp_garp_lower_prio_delay 3", "").GarpLowerPrioDelay);
    }

    [Fact]
    public void AddressTraffic_DroppedWithoutAcceptMode_UnlessTheOwner()
    {
        // vrrp.c vrrp_complete_instance / vrrp_handle_accept_mode.
        Assert.False(BuildEffective("", "").DropsAddressTraffic);
        Assert.True(BuildEffective("", " no_accept").DropsAddressTraffic);
        Assert.True(BuildEffective(" vrrp_strict", "").DropsAddressTraffic);
        Assert.False(BuildEffective(" vrrp_strict", " priority 255").DropsAddressTraffic);
        Assert.False(BuildEffective("", " no_accept\n priority 255").DropsAddressTraffic);
    }

    [Fact]
    public void NftablesKeywords_TableNamePriorityCounters()
    {
        var g = BuildEffective(" nftables ours\n nftables_priority -10\n nftables_counters", " no_accept");
        var global = ConfigLoader.LoadText("global_defs {\n nftables ours\n nftables_priority -10\n nftables_counters\n}\n", "/etc/keepalived/k.conf",
            new ConfigOptions { ConfigId = "n" }).Config!.Global;
        Assert.Equal(("ours", -10, true), (global.EffectiveNftTable, global.VrrpNftPriority, global.NftCounters));
        Assert.True(g.DropsAddressTraffic);
        var plain = ConfigLoader.LoadText("global_defs {\n nftables\n}\n", "/etc/keepalived/k.conf", new ConfigOptions { ConfigId = "n" }).Config!.Global;
        Assert.Equal(("keepalived", -1, false), (plain.EffectiveNftTable, plain.VrrpNftPriority, plain.NftCounters));
    }

    [Fact]
    public void StrictMode_NoLowerPrioGarpsAndNoAnswer()
    {
        var s = Build(" vrrp_strict", "");
        Assert.Equal(0, s.GarpLowerPrioRepeat);
        Assert.Equal(TimeSpan.Zero, s.GarpLowerPrioDelay);
        Assert.True(s.LowerPrioNoAdvert);
        Assert.False(s.HigherPrioSendAdvert);
    }

    [Fact]
    public void GarpAndGnaIntervals_AndExcludedAddresses_ReachTheEngine()
    {
        var s = Build(" vrrp_garp_interval 0.25\n vrrp_gna_interval 0.5", "");
        Assert.Equal(TimeSpan.FromSeconds(0.25), s.GarpInterval);
        Assert.Equal(TimeSpan.FromSeconds(0.5), s.GnaInterval);
        Assert.Equal("10.0.9.9", string.Join(",", s.ExcludedAddresses));
    }

    [Fact]
    public void AuthPass_TruncatedToEightOctets()
    {
        var s = Build("", " authentication {\n auth_type PASS\n auth_pass 1234567890\n }");
        Assert.Equal(VrrpAuthType.Password, s.AuthType);
        Assert.Equal(VrrpAuthData.FromPassword("12345678"), s.AuthData);
    }

    [Fact]
    public void HostValues_IpRouteWordsAlreadyNumbers()
    {
        // The host plan only looks up interface indices: scope, table, type and fwmark arrive as netlink's numbers.
        var i = BuildEffective("", """
             virtual_ipaddress { 10.0.0.5/24 dev eth1 scope link }
             virtual_routes {
                 10.1.0.0/16 via 10.0.0.254 table 100 metric 7 no_track
                 blackhole 10.2.0.0/16 no_track
                 10.3.0.0/16 table local no_track
             }
             virtual_rules { from 10.0.0.0/24 table 100 fwmark 0x10/0xff priority 50 }
            """);
        var vip = i.VirtualAddresses.Single(a => a.Config.Address.ToString() == "10.0.0.5");
        Assert.Equal(("eth1", (byte)253), (vip.Device, vip.Scope));
        Assert.Equal(("eth0", (byte)0), (i.VirtualAddresses[0].Device, i.VirtualAddresses[0].Scope));
        var via = i.Routes[0];
        Assert.Equal((100u, (byte)1, (uint?)7, false, (string?)null), (via.Spec.Table, via.Spec.Type, via.Spec.Metric, via.OnDevice, via.Device));
        Assert.Equal(((byte)6, false), (i.Routes[1].Spec.Type, i.Routes[1].OnDevice));
        Assert.Equal((255u, true, "eth0"), (i.Routes[2].Spec.Table, i.Routes[2].OnDevice, i.Routes[2].Device));
        var rule = i.Rules.Single().Spec;
        Assert.Equal((100u, (uint?)0x10, (uint?)0xff, (uint?)50), (rule.Table, rule.FwMark, rule.FwMask, rule.Priority));
    }

    [Fact]
    public void UseVmac_NamedVrrpVrid_AndTheAddressesGoOnIt()
    {
        var i = BuildEffective("", " use_vmac");
        Assert.Equal("vrrp.1", i.VmacName);
        Assert.Equal("vrrp.1", i.VirtualAddresses.Single().Device);
        Assert.Equal("vrrp.1", i.ExcludedAddresses.Single().Device);
        Assert.Equal("eth0", i.Engine.Interface);
    }

    [Fact]
    public void ScriptTimeout_NoneOrZero_IsTheInterval()
    {
        var script = new VrrpScriptConfig { Name = "x", Location = new SourceLocation("k.conf", 1), Interval = TimeSpan.FromSeconds(3) };
        Assert.Equal(TimeSpan.FromSeconds(3), EngineSetupBuilder.ScriptTimeout(script));
        Assert.Equal(TimeSpan.FromSeconds(3), EngineSetupBuilder.ScriptTimeout(script with { Timeout = TimeSpan.Zero }));
        Assert.Equal(TimeSpan.FromSeconds(1), EngineSetupBuilder.ScriptTimeout(script with { Timeout = TimeSpan.FromSeconds(1) }));
    }
}
