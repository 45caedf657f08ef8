using System.Globalization;
using System.Text.Json;
using KeepalivedSharp.Config;
using KeepalivedSharp.Core.Tracking;
using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Operations.Control;
using KeepalivedSharp.Operations.Dumps;

namespace KeepalivedSharp.Operations.Tests.Operations.Dumps;

/// <summary>
/// The data dump, the JSON dump and status show what the engine runs: every value keepalived derives
/// comes from the effective settings the engine was built from, not from the config a second time.
/// </summary>
public class EffectiveSettingsDumpTests
{
    private static KeepalivedConfig Load(string text)
    {
        var r = ConfigLoader.LoadText(text, "keepalived.conf", ConfigOptions.Default with { InterfaceExists = _ => true });
        Assert.False(r.HasErrors, string.Join("\n", r.Diagnostics));
        return r.Config!;
    }

    /// <summary>The "   key = value" line of VI_1's block in the data dump.</summary>
    private static string DataLine(string dump, string key)
        => Assert.Single(dump.Split('\n'), l => l.StartsWith("   " + key + " = ", StringComparison.Ordinal))[(key.Length + 6)..];

    private static JsonElement JsonData(DaemonStatus status)
        => JsonDocument.Parse(JsonDump.Format(status)).RootElement[0].GetProperty("data");

    private static string Int(int v) => v.ToString(CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(false, 3, 2)]
    [InlineData(true, 0, 0)]
    public void LowerPrioGarps_InstanceRepeatDiffersFromGlobal_DumpsShowWhatTheEngineRuns(bool strict, int repeat, int delaySeconds)
    {
        // keepalived (vrrp_complete_init): the lower-priority GARPs follow the GLOBAL vrrp_garp_master_*,
        // and strict mode sends none. The instance's own garp_master_* (7 and 9) must not leak into them.
        var config = Load($$"""
            global_defs {
                vrrp_garp_master_repeat 3
                vrrp_garp_master_delay 2
                {{(strict ? "vrrp_strict" : "")}}
            }
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                priority 100
                garp_master_repeat 7
                garp_master_delay 9
                virtual_ipaddress { 10.9.0.100/24 }
            }
            """);
        var status = StatusSamples.EngineStatus(config);
        var run = status.Settings.Instances.Single();
        Assert.Equal(repeat, run.GarpLowerPrioRepeat);
        Assert.Equal(TimeSpan.FromSeconds(delaySeconds), run.GarpLowerPrioDelay);

        var data = DataDump.Format(status);
        Assert.Equal(Int(repeat), DataLine(data, "Gratuitous ARP lower priority repeat"));
        Assert.Equal(Int(delaySeconds), DataLine(data, "Gratuitous ARP lower priority delay"));
        Assert.Equal("7", DataLine(data, "Gratuitous ARP repeat"));
        // Strict mode also stops answering a lower priority with an advert.
        Assert.Equal(strict ? "false" : "true", DataLine(data, "Send advert after receive lower priority advert"));
        var json = JsonData(status);
        Assert.Equal(repeat, json.GetProperty("garp_lower_prio_rep").GetInt32());
        Assert.Equal(delaySeconds, json.GetProperty("garp_lower_prio_delay").GetInt32());
        Assert.Equal(strict ? 1 : 0, json.GetProperty("lower_prio_no_advert").GetInt32());
    }

    /// <summary>Every value keepalived derives (and the engine or host applies), set away from its default.</summary>
    private const string DerivedConfig = """
        global_defs {
            router_id ks_derived
            vrrp_garp_master_repeat 4
            vrrp_garp_master_delay 3
            vrrp_garp_lower_prio_repeat 6
            smtp_alert_vrrp
            vrrp_mcast_group4 224.0.0.77
        }
        vrrp_script chk {
            script "/bin/true"
            interval 2
            weight -20
            rise 3
        }
        track_file tf {
            file /run/ks-flag
        }
        vrrp_sync_group G1 {
            group { VI_1 }
            track_interface { eth2 weight -5 }
        }
        vrrp_instance VI_1 {
            state MASTER
            interface eth1
            priority 150
            virtual_router_id 51
            advert_int 1
            use_vmac
            nopreempt
            preempt_delay 10
            authentication {
                auth_type PASS
                auth_pass secret1234
            }
            track_script { chk }
            track_file { tf }
            virtual_ipaddress {
                10.9.0.100/24
                10.9.0.101/24 dev eth0 scope link
            }
            virtual_ipaddress_excluded { 10.9.1.1/32 }
        }
        """;

    [Fact]
    public void DerivedDefaults_DataJsonAndStatus_AgreeWithTheEngineSettings()
    {
        var status = StatusSamples.EngineStatus(Load(DerivedConfig));
        var s = status.Instances.Single().Settings;
        var run = s.Engine;
        // The values themselves: what keepalived derives.
        Assert.Equal("vrrp.51", s.VmacName);                       // use_vmac without a name
        Assert.True(run.InitialMaster);
        Assert.True(run.Preempt);                                  // state MASTER clears nopreempt
        Assert.Equal(TimeSpan.Zero, run.PreemptDelay);             // and preempt_delay
        Assert.Equal(6, run.GarpLowerPrioRepeat);                  // vrrp_garp_lower_prio_repeat
        Assert.Equal(TimeSpan.FromSeconds(3), run.GarpLowerPrioDelay); // from vrrp_garp_master_delay
        Assert.Equal(4, run.GarpMasterRepeat);
        Assert.True(s.SmtpAlert);                                  // smtp_alert_vrrp
        Assert.Equal("224.0.0.77", s.MulticastGroup?.ToString());
        Assert.Equal([new TrackBinding(TrackerKind.Script, "chk", -20, false), new TrackBinding(TrackerKind.File, "tf", 1, false),
            new TrackBinding(TrackerKind.Interface, "eth2", -5, false)], run.Trackers.ToArray());
        Assert.Equal(TimeSpan.FromSeconds(2), status.Settings.EffectiveScripts.Single().Timeout); // timeout = interval

        // The data dump prints those, not values worked out again from the config.
        var data = DataDump.Format(status);
        Assert.Contains(" Router ID = ks_derived\n", data, StringComparison.Ordinal);
        Assert.Contains(" Gratuitous ARP lower priority repeat = 6\n", data, StringComparison.Ordinal);
        Assert.Equal("eth1", DataLine(data, "Interface"));
        Assert.Equal(Int(run.GarpMasterRepeat), DataLine(data, "Gratuitous ARP repeat"));
        Assert.Equal(Int(run.GarpLowerPrioRepeat), DataLine(data, "Gratuitous ARP lower priority repeat"));
        Assert.Equal("3", DataLine(data, "Gratuitous ARP lower priority delay"));
        Assert.Equal("enabled", DataLine(data, "Preempt"));
        Assert.DoesNotContain("Preempt delay", data, StringComparison.Ordinal);
        Assert.Equal("secret12", DataLine(data, "Password"));      // the 8 octets the engine sends
        // smtp_alert_vrrp reaches the instance and the sync group alike (the notifier's rule).
        Assert.Equal(["yes", "yes"], data.Split('\n').Where(l => l.StartsWith("   Using smtp notification = ", StringComparison.Ordinal)).Select(l => l[29..]));
        Assert.Contains("   Multicast address 224.0.0.77\n", data, StringComparison.Ordinal);
        Assert.Contains("   Use VMAC, i/f name vrrp.51,", data, StringComparison.Ordinal);
        // VIPs without dev go on the VMAC, as the host plan puts them; scope from iproute2's numbers.
        Assert.Contains("     10.9.0.100/24 dev vrrp.51 scope global\n", data, StringComparison.Ordinal);
        Assert.Contains("     10.9.0.101/24 dev eth0 scope link\n", data, StringComparison.Ordinal);
        Assert.Contains("   Tracked scripts :\n     chk weight -20\n", data, StringComparison.Ordinal);
        Assert.Contains("   Tracked files :\n     tf weight 1\n", data, StringComparison.Ordinal);
        Assert.Contains("     VI_1, weight -20\n", data, StringComparison.Ordinal);
        Assert.Contains("   Timeout = 2 sec\n   Weight = -20\n   Rise = 3\n", data, StringComparison.Ordinal);
        Assert.Contains(" VRRP Sync Group = G1,", data, StringComparison.Ordinal);
        Assert.Contains("   Tracked interfaces :\n     eth2 weight -5\n", data, StringComparison.Ordinal);

        var json = JsonData(status);
        Assert.Equal("vrrp.51", json.GetProperty("vmac_ifname").GetString());
        Assert.Equal(run.GarpMasterRepeat, json.GetProperty("garp_rep").GetInt32());
        Assert.Equal(run.GarpLowerPrioRepeat, json.GetProperty("garp_lower_prio_rep").GetInt32());
        Assert.Equal((long)run.GarpLowerPrioDelay.TotalSeconds, json.GetProperty("garp_lower_prio_delay").GetInt64());
        Assert.Equal(!run.Preempt, json.GetProperty("nopreempt").GetBoolean());
        Assert.Equal(0, json.GetProperty("preempt_delay").GetInt32());
        Assert.True(json.GetProperty("smtp_alert").GetBoolean());
        Assert.Equal(1, json.GetProperty("auth_type").GetInt32());
        Assert.Equal("secret12", json.GetProperty("auth_data").GetString());
        Assert.Equal(["10.9.0.100/24 dev vrrp.51 scope global", "10.9.0.101/24 dev eth0 scope link"],
            json.GetProperty("vips").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["10.9.1.1 dev vrrp.51 scope global"], json.GetProperty("evips").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["'/bin/true'"], json.GetProperty("track_script").EnumerateArray().Select(v => v.GetString()));

        // Status: the same VIP text, advert interval and preempt as the dumps, the VIPs only (not the excluded ones).
        var doc = StatusDocument.From(status).Instances.Single();
        Assert.Equal(json.GetProperty("vips").EnumerateArray().Select(v => v.GetString()), doc.VirtualAddresses);
        Assert.Equal(run.AdvertInterval.TotalSeconds, doc.AdvertIntervalSeconds);
        Assert.Equal(run.Preempt, doc.Preempt);
        Assert.Equal(run.Interface, doc.Interface);
    }

    [Fact]
    public void GarpExtraIf_GlobalLinesAlways_InstanceLinesOnlyWhenItRuns()
    {
        // global_data.c dump_global_data prints the global line whatever the value (its default 0 is "set");
        // vrrp_data.c dump_vrrp prints the instance's only when vrrp_complete_instance left it on.
        var config = Load("""
            global_defs {
                vrrp_garp_extra_if all 4
                vrrp_down_timer_adverts 5
            }
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                virtual_ipaddress { 10.9.0.100/24
                    10.9.1.100/24 dev eth1 }
            }
            vrrp_instance VI_2 {
                interface eth0
                virtual_router_id 52
                virtual_ipaddress { 10.9.0.101/24 }
            }
            """);
        var status = StatusSamples.EngineStatus(config);
        var data = DataDump.Format(status);
        Assert.Contains(" Num adverts before down = 5\n Gratuitous ARP for each secondary i/f = 4s\n", data, StringComparison.Ordinal);
        Assert.Contains("   Down timer adverts = 5\n   Gratuitous ARP for each secondary i/f = 4\n"
            + "   Next gratuitous ARP for such secondary = 0.000000 (", data, StringComparison.Ordinal);
        Assert.Single(data.Split('\n'), l => l.StartsWith("   Gratuitous ARP for each secondary", StringComparison.Ordinal));

        var plain = DataDump.Format(StatusSamples.EngineStatus(Load("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n virtual_ipaddress { 10.9.0.100/24 }\n}\n")));
        Assert.Contains(" Gratuitous ARP for each secondary VMAC = 0s\n", plain, StringComparison.Ordinal);
        Assert.DoesNotContain("   Gratuitous ARP for each secondary", plain, StringComparison.Ordinal);
    }
}
