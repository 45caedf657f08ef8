namespace KeepalivedSharp.Config.Tests.Checking;

/// <summary>One invalid config per check, each asserting the exact file:line and the message start.</summary>
public class ConfigCheckerTests
{
    [Fact]
    public void Load_UnknownKeyword_ErrorWithDidYouMean()
    {
        var r = ConfText.Load(ConfText.Instance("    virtual_router_idd 5"));
        ConfText.AssertError(r, 7, "unknown keyword 'virtual_router_idd' in vrrp_instance; did you mean 'virtual_router_id'?");
    }

    [Fact]
    public void Load_LoopbackInterface_ErrorAtInterfaceLine()
    {
        var r = ConfText.Load(ConfText.Instance().Replace("interface eth0", "interface lo", StringComparison.Ordinal), interfaces: _ => true);
        ConfText.AssertError(r, 3, "(VI_1) cannot use a loopback interface (lo) for vrrp");
    }

    [Fact]
    public void Load_LoopbackInterfaceWithUnicastPeers_StillAnError()
    {
        var text = ConfText.Instance("    unicast_peer { 10.0.0.2 }").Replace("interface eth0", "interface lo", StringComparison.Ordinal);
        ConfText.AssertError(ConfText.Load(text, interfaces: _ => true), 3, "(VI_1) cannot use a loopback interface (lo)");
    }

    [Fact]
    public void Load_UnknownTopLevelWord_ErrorWithoutSuggestionWhenFar()
    {
        ConfText.AssertError(ConfText.Load("zzzzzzzzzz 1"), 1, "unknown keyword 'zzzzzzzzzz' at top level");
    }

    [Theory]
    [InlineData("virtual_router_id 256", "'virtual_router_id' value 256 is out of range (1..255)")]
    [InlineData("virtual_router_id 0", "'virtual_router_id' value 0 is out of range (1..255)")]
    [InlineData("priority 0", "'priority' value 0 is out of range (1..255)")]
    [InlineData("priority 256", "'priority' value 256 is out of range (1..255)")]
    [InlineData("priority abc", "'priority' value 'abc' is not a number")]
    [InlineData("advert_int 0", "'advert_int' value 0 is out of range (0.01..255 seconds)")]
    [InlineData("advert_int 256", "'advert_int' value 256 is out of range (0.01..255 seconds)")]
    [InlineData("version 4", "'version' value 4 is out of range (2..3)")]
    public void Load_NumberOutOfRange_ErrorAtThatLine(string line, string message)
    {
        ConfText.AssertError(ConfText.Load(ConfText.Instance("    " + line)), 7, message);
    }

    [Fact]
    public void Load_ScriptWeightOutOfRange_Error()
    {
        var r = ConfText.Load("vrrp_script s {\n script /bin/true\n weight 254\n}\n" + ConfText.Instance("track_script { s }"));
        ConfText.AssertError(r, 3, "'weight' value 254 is out of range (-253..253)");
    }

    [Fact]
    public void Load_TrackInterfaceWeightOutOfRange_Error()
    {
        var r = ConfText.Load(ConfText.Instance("track_interface {\n eth1 weight 255\n }"));
        ConfText.AssertError(r, 8, "track_interface eth1: weight '255' must be in [-254, 254]");
    }

    [Theory]
    [InlineData("10.0.0.300/24", "invalid IP address '10.0.0.300'")]
    [InlineData("10.0.0/24", "invalid IP address '10.0.0'")]
    [InlineData("010.0.0.1", "invalid IP address '010.0.0.1'")]
    [InlineData("10.0.0.1.5", "invalid IP address '10.0.0.1.5'")]
    [InlineData("10.0.0.1.", "invalid IP address '10.0.0.1.'")]
    [InlineData("10..0.1", "invalid IP address '10..0.1'")]
    [InlineData("10.0.0.1a", "invalid IP address '10.0.0.1a'")]
    [InlineData("10.0.0.1/", "invalid prefix length '/' for 10.0.0.1 (0..32)")]
    [InlineData("10.0.0.1/2x", "invalid prefix length '/2x' for 10.0.0.1 (0..32)")]
    [InlineData("10.0.0.1/33", "invalid prefix length '/33' for 10.0.0.1 (0..32)")]
    [InlineData("fd00::1/129", "invalid prefix length '/129' for fd00::1 (0..128)")]
    [InlineData("10.0.0.1 dev", "no dev parameter specified for 10.0.0.1")]
    [InlineData("10.0.0.1 frobnicate", "unknown option 'frobnicate' for ip address 10.0.0.1")]
    public void Load_BadVirtualAddress_ErrorAtItsLine(string vip, string message)
    {
        var r = ConfText.Load(ConfText.Instance($"virtual_ipaddress_excluded {{\n {vip}\n }}"));
        ConfText.AssertError(r, 8, message);
    }

    [Fact]
    public void Load_BadUnicastSource_Error()
    {
        ConfText.AssertError(ConfText.Load(ConfText.Instance("unicast_src_ip 1.2.3")), 7, "'unicast_src_ip' has an invalid IP address '1.2.3'");
    }

    [Fact]
    public void Load_UnclosedBrace_ErrorAtOpeningBraceLine()
    {
        var r = ConfText.Load("global_defs {\n router_id x\n}\nvrrp_instance VI_1 {\n interface eth0\n virtual_router_id 1\n");
        ConfText.AssertError(r, 4, "'{' opened here (block 'vrrp_instance') is never closed");
    }

    [Fact]
    public void Load_StrayCloseBrace_ErrorWhereItStands()
    {
        var r = ConfText.Load(ConfText.Instance() + "\n}\n");
        ConfText.AssertError(r, 9, "unexpected '}' (no block is open)");
    }

    [Fact]
    public void Load_BraceOnNextLine_Accepted()
    {
        var r = ConfText.Load("vrrp_instance VI_1\n{\n interface eth0\n virtual_router_id 3\n virtual_ipaddress\n {\n 10.0.0.1\n }\n}\n");
        Assert.False(r.HasErrors, string.Join("\n", r.Diagnostics));
        Assert.Equal(3, Assert.Single(r.Config!.Instances).VirtualRouterId);
    }

    [Fact]
    public void Load_BlockKeywordWithoutBlock_Error()
    {
        ConfText.AssertError(ConfText.Load(ConfText.Instance("authentication")), 7, "'authentication' needs a '{ ... }' block");
    }

    [Fact]
    public void Load_MissingVirtualRouterId_ErrorAtInstance()
    {
        var r = ConfText.Load("vrrp_instance VI_9 {\n interface eth0\n virtual_ipaddress { 10.0.0.1 }\n}");
        ConfText.AssertError(r, 1, "(VI_9) the virtual router id must be set");
    }

    [Fact]
    public void Load_MissingInterfaceWithoutUnicast_ErrorAtInstance()
    {
        var r = ConfText.Load("vrrp_instance VI_9 {\n virtual_router_id 9\n virtual_ipaddress { 10.0.0.1 }\n}");
        ConfText.AssertError(r, 1, "(VI_9) no interface: 'interface' is required unless unicast_peer is used");
    }

    [Fact]
    public void Load_NoInterfaceButUnicastPeers_Accepted()
    {
        var r = ConfText.Load("vrrp_instance U {\n virtual_router_id 9\n unicast_src_ip 10.0.0.1\n unicast_peer { 10.0.0.2 }\n virtual_ipaddress { 10.0.0.9 }\n}");
        Assert.False(r.HasErrors, string.Join("\n", r.Diagnostics));
        Assert.Null(Assert.Single(r.Config!.Instances).Interface);
    }

    [Fact]
    public void Load_InterfaceMissingOnHost_ErrorAtInterfaceLine()
    {
        var r = ConfText.Load(ConfText.Instance(), interfaces: n => n == "eth1");
        ConfText.AssertError(r, 3, "(VI_1) interface 'eth0' does not exist on this host");
    }

    [Fact]
    public void Load_DuplicateVridSameInterfaceAndFamily_ErrorAtSecondVrid()
    {
        var r = ConfText.Load(ConfText.Instance() + "\n" + ConfText.Instance(name: "VI_2"));
        ConfText.AssertError(r, 12, "(VI_2) duplicate VRID 51 on interface eth0: also used by VI_1");
    }

    [Fact]
    public void Load_SameVridOtherFamily_Accepted()
    {
        var r = ConfText.Load(ConfText.Instance() + "\nvrrp_instance V6 {\n interface eth0\n virtual_router_id 51\n virtual_ipaddress { fd00::1/64 }\n}");
        Assert.False(r.HasErrors, string.Join("\n", r.Diagnostics));
    }

    [Fact]
    public void Load_NopreemptWithStateMaster_WarningAndCleared()
    {
        var r = ConfText.Load(ConfText.Instance("nopreempt").Replace("state BACKUP", "state MASTER", StringComparison.Ordinal));
        Assert.False(r.HasErrors);
        var d = ConfText.Single(r);
        Assert.Equal("/etc/keepalived/test.conf:7: warning: (VI_1) nopreempt will not work with initial state MASTER; nopreempt cleared", d.ToString());
        Assert.False(r.Config!.Instances[0].Nopreempt);
    }

    [Fact]
    public void Load_TrackScriptUndefined_ErrorAtReference()
    {
        var r = ConfText.Load(ConfText.Instance("track_script {\n chk_missing weight 5\n }"));
        ConfText.AssertError(r, 8, "(VI_1) track_script 'chk_missing' is not defined (no vrrp_script 'chk_missing')");
    }

    [Fact]
    public void Load_SyncGroupUnknownMember_Error()
    {
        var r = ConfText.Load(ConfText.Instance() + "\nvrrp_sync_group G {\n group { VI_1 VI_X }\n}");
        ConfText.AssertError(r, 9, "sync group G: vrrp_instance 'VI_X' is not defined");
    }

    [Fact]
    public void Load_EmptyName_Error()
    {
        ConfText.AssertError(ConfText.Load("vrrp_script \"\" {\n script /bin/true\n}"), 1, "'vrrp_script' has an empty name");
    }

    [Fact]
    public void Load_MissingName_Error()
    {
        ConfText.AssertError(ConfText.Load("vrrp_instance {\n interface eth0\n}"), 1, "'vrrp_instance' needs a name");
    }

    [Fact]
    public void Load_NulByte_ErrorAtItsLine()
    {
        ConfText.AssertError(ConfText.Load("global_defs {\n router_id a\0b\n}"), 2, "NUL byte in configuration line");
    }

    [Fact]
    public void Load_AhWithStateMaster_ErrorAsKeepalivedReports()
    {
        var r = ConfText.Load(ConfText.Instance("authentication {\n auth_type AH\n auth_pass x\n }").Replace("state BACKUP", "state MASTER", StringComparison.Ordinal));
        ConfText.AssertError(r, 7, "(VI_1) initial state MASTER is incompatible with AH authentication");
    }

    [Fact]
    public void Load_AuthenticationWithVersion3_Error()
    {
        var r = ConfText.Load(ConfText.Instance("version 3\n authentication {\n auth_type PASS\n auth_pass x\n }"));
        ConfText.AssertError(r, 8, "(VI_1) VRRP version 3 does not support authentication");
    }

    [Fact]
    public void Load_Version2FractionalAdvert_Error()
    {
        ConfText.AssertError(ConfText.Load(ConfText.Instance("advert_int 1.5")), 7, "(VI_1) VRRPv2 advert_int 1.5s must be a whole number of seconds");
    }

    [Fact]
    public void Load_RouteWithoutDev_ErrorAsKeepalivedTest()
    {
        var r = ConfText.Load("static_routes {\n 10.1.0.0/16 via 10.0.0.1\n 10.2.0.0/16 via 10.0.0.1 no_track\n}");
        ConfText.AssertError(r, 2, "cannot track route 10.1.0.0/16 with no interface specified");
        Assert.Single(r.Errors);
    }

    [Fact]
    public void Load_VrrpScriptProgramMissing_ErrorAtTheScriptLine()
    {
        var text = "global_defs { enable_script_security }\nvrrp_script s {\n script \"/nonexistent/check arg\"\n}\n" + ConfText.Instance("track_script { s }");
        var r = ConfigLoader.LoadText(text, ConfText.File, new ConfigOptions { ScriptExists = File.Exists });
        ConfText.AssertError(r, 3, "vrrp_script s: '/nonexistent/check' not found or not accessible");
    }

    [Fact]
    public void Load_ScriptSecurityOffWithExistingScript_SecurityViolationButConfigRuns()
    {
        var text = "vrrp_script s {\n script \"/bin/sh -c true\"\n}\n" + ConfText.Instance("track_script { s }");
        var r = ConfigLoader.LoadText(text, ConfText.File, new ConfigOptions { ScriptExists = p => p == "/bin/sh" });
        // keepalived: -t fails (exit 6) but its daemon runs the config; so do we.
        var d = Assert.Single(r.SecurityViolations);
        Assert.Equal(2, d.Location.Line);
        Assert.StartsWith("SECURITY VIOLATION - scripts are being executed but script_security not enabled", d.Message, StringComparison.Ordinal);
        Assert.NotNull(r.Config);
        Assert.StartsWith($"{ConfText.File}:2: security: SECURITY VIOLATION", d.ToString(), StringComparison.Ordinal);
        var secured = ConfigLoader.LoadText("global_defs { enable_script_security }\n" + text, ConfText.File, new ConfigOptions { ScriptExists = p => p == "/bin/sh" });
        Assert.False(secured.HasErrors, string.Join("\n", secured.Diagnostics));
    }

    [Fact]
    public void Load_ManyProblems_ReportedInFileOrder()
    {
        var r = ConfText.Load("bogus1\n" + ConfText.Instance("track_script { nope }\n priority 900") + "\nbogus2\n");
        var lines = r.Diagnostics.Select(d => d.Location.Line).ToArray();
        Assert.Equal(lines.Order().ToArray(), lines);
        Assert.True(lines.Length >= 4, string.Join("\n", r.Diagnostics));
    }
}
