using KeepalivedSharp.Lab;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Config.Tests;

/// <summary>
/// Every shipped keepalived sample parses, and our verdict (errors or not) agrees with keepalived 2.2.7's
/// <c>keepalived -t</c> run on the same file inside a throw-away namespace that has the sample's interfaces.
/// </summary>
[Trait("Category", "Root")]
public class SampleAgreementTests
{
    private const string SampleDir = KeepalivedSamples.Directory;

    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        foreach (var f in KeepalivedSamples.Names()) data.Add(f);
        return data;
    }

    [Fact]
    public void Samples_Exist_AtLeastTwenty() => Assert.True(Samples().Count >= 20, $"expected the keepalived samples in {SampleDir}");

    [Theory]
    [MemberData(nameof(Samples))]
    public void Load_Sample_VerdictAgreesWithKeepalived(string sample)
    {
        var path = Path.Combine(SampleDir, sample);
        AssertSameVerdict(path, File.ReadAllText(path), null);
    }

    private const string Lo = "vrrp_instance VI_1 {\n interface lo\n virtual_router_id 51\n virtual_ipaddress { 10.9.0.100/24 }\n";
    private const string Eth0 = "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n virtual_ipaddress { 10.9.0.100/24 }\n";

    /// <summary>Configs around behaviours found by reading keepalived's source, with a line keepalived must print.</summary>
    public static TheoryData<string, string, string?> Inline() => new()
    {
        { "loopback", Lo + "}\n", "(VI_1) cannot use a loopback interface (lo) for vrrp" },
        { "scheduling-valid", "global_defs {\n umask IRUSR | IWGRP|IXOTH\n max_auto_priority\n vrrp_rt_priority 10\n vrrp_priority -5\n vrrp_no_swap\n vrrp_cpu_affinity 0\n checker_rlimit_rttime 5000\n min_auto_priority_delay 100000\n}\n" + Eth0 + "}\n", null },
        { "scheduling-rt-clamped", "global_defs {\n vrrp_rt_priority 200\n}\n" + Eth0 + "}\n", "vrrp process real-time priority 200 greater than maximum 99 - setting to maximum" },
        { "scheduling-bad-cpu", "global_defs {\n vrrp_cpu_affinity 0 4096\n}\n" + Eth0 + "}\n", "Invalid cpu_id:4096 specified for vrrp process" },
        { "scheduling-bad-nice", "global_defs {\n checker_priority 25\n}\n" + Eth0 + "}\n", "Invalid checker process priority specified" },
        { "scheduling-bad-auto", "global_defs {\n max_auto_priority 200\n}\n" + Eth0 + "}\n", "max_auto_priority '200' must be in [0, 99] (or -1 to disable) - ignoring" },
        { "scheduling-bad-delay", "global_defs {\n min_auto_priority_delay 0\n}\n" + Eth0 + "}\n", "min_auto_priority_delay '0' must be in [1, 10000000] - ignoring" },
        { "scheduling-bad-umask", "global_defs {\n umask 0999\n}\n" + Eth0 + "}\n", "invalid umask value 0999" },
        { "loopback-unicast", Lo + " unicast_peer { 10.9.0.2 }\n}\n", "(VI_1) cannot use a loopback interface (lo) for vrrp" },
        { "notify-user-group", Eth0 + " notify_master \"/nonexistent/m.sh a\" root root\n notify_backup /nonexistent/b.sh root\n}\n", null },
        { "lvs-sync-valid", "global_defs {\n lvs_sync_daemon eth0 inst VI_1 id 7 maxlen 1400 port 8850 ttl 3 group 239.1.2.3\n}\n" + Eth0 + "}\n", null },
        { "lvs-sync-no-instance", "global_defs {\n lvs_sync_daemon eth0 group ff02::1:5\n}\n" + Eth0 + "}\n", null },
        { "lvs-sync-unknown-instance", "global_defs {\n lvs_sync_daemon eth0 VI_9\n}\n" + Eth0 + "}\n", null },
        { "lvs-sync-old-id", "global_defs {\n lvs_sync_daemon eth0 VI_1 9\n}\n" + Eth0 + "}\n", "Please use keyword \"id\" before lvs_sync_daemon SYNCID" },
        { "lvs-sync-bad-port", "global_defs {\n lvs_sync_daemon eth0 VI_1 port 0\n}\n" + Eth0 + "}\n", "Invalid lvs_sync_daemon port (0) - ignoring" },
        { "lvs-sync-not-multicast", "global_defs {\n lvs_sync_daemon eth0 group 10.0.0.1\n}\n" + Eth0 + "}\n", "lvs_sync_daemon group address 10.0.0.1 is not multicast - ignoring" },
        { "lvs-sync-deprecated", Eth0 + " lvs_sync_daemon_interface eth0\n}\n", "(VI_1) Specifying lvs_sync_daemon_interface against a vrrp is deprecated." },
        { "notify-prio-bad", Eth0 + " notify_priority_changes maybe\n}\n", "(VI_1) Invalid value 'maybe' for notify_priority_changes specified" },
        { "notify-prio-group-bad", Eth0 + "}\nvrrp_sync_group G {\n group {\n VI_1\n }\n notify_priority_changes 1\n}\n", "(G) Invalid value '1' for sync group notify_priority_changes specified" },
        { "notify-prio-global-bad", "global_defs {\n vrrp_notify_priority_changes TRUE\n}\n" + Eth0 + " notify_priority_changes off\n}\n", "Invalid value 'TRUE' for global vrrp_notify_priority_changes specified" },
        { "skip-adv-addr-bad", Eth0 + " skip_check_adv_addr maybe\n}\n", "(VI_1) invalid skip_check_adv_addr maybe specified" },
        { "garp-extra-valid", "global_defs {\n vrrp_garp_extra_if all 5\n}\n" + Eth0 + " garp_extra_if 0\n}\n", null },
        { "garp-extra-bad", Eth0 + " garp_extra_if 86401\n}\n", "(VI_1): garp_extra_if '86401' invalid - ignoring" },
        { "garp-extra-no-time", Eth0 + " garp_extra_if all\n}\n", "(VI_1): garp_extra_if specified without time - ignoring" },
        { "garp-extra-deprecated", Eth0 + " vmac_garp_intvl 5\n}\n", "Keyword \"vmac_garp_intvl\" is deprecated - please use \"garp_extra_if\"" },
        { "garp-extra-global-bad", "global_defs {\n vrrp_garp_extra_if 0\n}\n" + Eth0 + "}\n", "vrrp_garp_extra_if '0' invalid - ignoring" },
        { "garp-extra-global-deprecated", "global_defs {\n vrrp_vmac_garp_intvl all 5\n}\n" + Eth0 + "}\n", "Keyword \"vrrp_vmac_garp_intvl\" is deprecated - please use \"vrrp_garp_extra_if\"" },
        { "skip-adv-addr-valid", "global_defs {\n vrrp_skip_check_adv_addr\n}\n" + Eth0 + " skip_check_adv_addr off\n}\n", null },
        { "min-garp-bad", "global_defs {\n vrrp_min_garp 1\n}\n" + Eth0 + "}\n", "Invalid value for vrrp_min_garp specified" },
        { "min-garp-valid", "global_defs {\n vrrp_garp_master_repeat 3\n vrrp_min_garp\n}\n" + Eth0 + "}\n", null },
        { "down-timer-adverts-bad", "global_defs {\n vrrp_down_timer_adverts 101\n}\n" + Eth0 + "}\n", "Invalid vrrp_down_timer_adverts [1:100] '101'" },
        { "unicast-ttl-valid", Eth0 + " unicast_ttl 10\n unicast_src_ip 10.9.0.1\n unicast_peer {\n 10.9.0.2 min_ttl 10 max_ttl 20\n 10.9.0.3\n }\n}\n", null },
        { "unicast-ttl-no-peers", Eth0 + " unicast_ttl 10\n}\n", "(VI_1): Cannot use unicast_ttl without unicast peers - resetting" },
        { "unicast-ttl-bad", Eth0 + " unicast_ttl 300\n unicast_peer {\n 10.9.0.2\n }\n}\n", "(VI_1): TTL '300' not valid - must be between 0 & 255" },
        { "unicast-peer-min-gt-max", Eth0 + " unicast_peer {\n 10.9.0.2 min_ttl 30 max_ttl 20\n }\n}\n", "(VI_1) min_ttl 30 > max_ttl 20 - all packets will be discarded" },
        { "unicast-peer-unknown-option", Eth0 + " unicast_peer {\n 10.9.0.2 ttl 5\n }\n}\n", "(VI_1) unknown unicast_peer option ttl" },
        { "unicast-no-peers-deprecated", Eth0 + " unicast_src_ip 10.9.0.1\n}\n", "(VI_1) A unicast keyword has been specified without any unicast peers. Defaulting to multicast." },
        { "unicast-fault-no-peer", Eth0 + " unicast_fault_no_peer\n}\n", null },
        { "script-unquoted", "vrrp_script chk {\n script /bin/true a b\n user root\n}\n" + Eth0 + " track_script { chk }\n}\n", null },
    };

    [Theory]
    [MemberData(nameof(Inline))]
    public void Load_InlineConfig_VerdictAgreesWithKeepalived(string name, string text, string? keepalivedSays)
    {
        using var dir = new TempFolder();
        var path = dir.Write(name + ".conf", text);
        var theirs = AssertSameVerdict(path, text, name);
        if (keepalivedSays is not null) Assert.Contains(keepalivedSays, theirs, StringComparison.Ordinal);
    }

    public static TheoryData<string> CheckInline()
    {
        var data = new TheoryData<string>();
        foreach (var c in Checking.CheckCases.All) data.Add(c.Name);
        return data;
    }

    /// <summary>
    /// The check-module configs of <see cref="Checking.CheckCases"/>: keepalived -t run now agrees with us (and with
    /// the recorded code). keepalived 2.2.7 crashes (SIGSEGV) on an HTTP_GET without url; we report it (exit 5).
    /// </summary>
    [Theory]
    [MemberData(nameof(CheckInline))]
    public void Load_InlineCheckConfig_VerdictAgreesWithKeepalived(string name)
    {
        var c = Checking.CheckCases.All.Single(x => x.Name == name);
        using var dir = new TempFolder();
        var path = dir.Write(name + ".conf", c.Text);
        if (c.KeepalivedExit == 139)
        {
            using var lab = new NamespaceLab();
            var crash = NamespaceLab.Run(KeepalivedSamples.AddHostWith(lab, []), TimeSpan.FromSeconds(30), "keepalived", "-t", "-n", "-l", "-f", path);
            Assert.NotEqual(0, crash.ExitCode);
            Assert.Equal(5, ConfigLoader.Load(path, new ConfigOptions { ConfigId = Environment.MachineName }).ConfigTestExitCode);
            return;
        }
        AssertSameVerdict(path, c.Text, name);
    }

    /// <summary>Our -t exit code equals keepalived -t's in a namespace with the config's interfaces; returns keepalived's output.</summary>
    private static string AssertSameVerdict(string path, string text, string? name)
    {
        var interfaces = KeepalivedSamples.InterfacesOf(text);
        interfaces.Remove("lo"); // every namespace has its loopback
        var ours = ConfigLoader.Load(path, new ConfigOptions
        {
            ConfigId = Environment.MachineName,
            InterfaceExists = n => n == "lo" || interfaces.Contains(n),
            ScriptExists = ConfigOptions.ProgramExists,
        });

        using var lab = new NamespaceLab();
        var ns = KeepalivedSamples.AddHostWith(lab, interfaces);
        var theirs = NamespaceLab.Run(ns, TimeSpan.FromSeconds(30), "keepalived", "-t", "-n", "-l", "-f", path);

        // keepalived -t: 0 valid, 5 config errors, 6 only script-security violations.
        var ourText = string.Join('\n', ours.Diagnostics);
        int ourCode = ours.ConfigTestExitCode;
        Assert.True(ourCode == theirs.ExitCode,
            $"{name ?? path}: keepalived -t exit {theirs.ExitCode}: {theirs.Output}\nours (exit {ourCode}):\n{ourText}");
        return theirs.Output;
    }
}
