using System.Net;
using KeepalivedSharp.Settings;
using KeepalivedSharp.Config;
using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Wire.Vrrp;

namespace KeepalivedSharp.Simulation.Tests.Settings;

/// <summary>keepalived's derived defaults as the engine receives them (vrrp.c vrrp_complete_init / vrrp_complete_instance).</summary>
public class EngineSetupBuilderTests
{
    private static InstanceSettings Build(string global, string instance)
    {
        var text = $"global_defs {{\n{global}\n}}\nvrrp_instance VI_1 {{\n interface eth0\n virtual_router_id 1\n priority 100\n"
            + $" virtual_ipaddress {{ 10.0.0.1 }}\n virtual_ipaddress_excluded {{ 10.0.9.9 }}\n{instance}\n}}\n";
        var r = ConfigLoader.LoadText(text, "/etc/keepalived/binding-test.conf", new ConfigOptions { ConfigId = "n" });
        Assert.False(r.HasErrors, string.Join("\n", r.Diagnostics));
        return EngineSetupBuilder.Build(r.Config!, (_, _) => IPAddress.Parse("10.0.0.2")).Instances.Single();
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
}
