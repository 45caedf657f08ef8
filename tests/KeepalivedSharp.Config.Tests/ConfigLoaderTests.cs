using System.Net;
using System.Net.Sockets;
using KeepalivedSharp.Core.Check;

namespace KeepalivedSharp.Config.Tests;

public class ConfigLoaderTests
{
    [Fact]
    public void LoadText_MinimalInstance_BindsKeepalivedDefaults()
    {
        var r = ConfText.Load(ConfText.Instance());
        Assert.False(r.HasErrors, string.Join("\n", r.Diagnostics));
        var i = Assert.Single(r.Config!.Instances);
        Assert.Equal("VI_1", i.Name);
        Assert.Equal(new SourceLocation(ConfText.File, 1), i.Location);
        Assert.Equal(InstanceInitialState.Backup, i.InitialState);
        Assert.Equal("eth0", i.Interface);
        Assert.Equal(51, i.VirtualRouterId);
        Assert.Equal(100, i.Priority);
        Assert.Equal(TimeSpan.FromSeconds(1), i.AdvertInterval);
        Assert.Equal(2, i.Version);
        Assert.Equal(TimeSpan.FromSeconds(5), i.GarpMasterDelay);
        Assert.Equal(5, i.GarpMasterRepeat);
        Assert.Equal(1, i.GarpMasterRefreshRepeat);
        Assert.Equal(AddressFamily.InterNetwork, i.Family);
        Assert.True(i.Accept);
        var vip = Assert.Single(i.VirtualAddresses);
        Assert.Equal(IPAddress.Parse("10.0.0.1"), vip.Address);
        Assert.Equal(24, vip.PrefixLength);
        Assert.Equal(new SourceLocation(ConfText.File, 6), vip.Location);
    }

    [Fact]
    public void LoadText_FullInstance_BindsEveryTypedField()
    {
        var r = ConfText.Load("""
            global_defs {
                router_id R1
                vrrp_version 3
                vrrp_garp_master_delay 2
                enable_script_security
                script_user nobody nogroup
                notification_email { a@b.c d@e.f }
                smtp_server 10.9.9.9 2525
            }
            vrrp_script chk {
                script "/bin/true -x"
                interval 2
                timeout 3
                weight -20 reverse
                rise 2
                fall 3
                user root wheel
                init_fail
            }
            vrrp_track_process p1 {
                process sshd -D
                weight 5
                quorum 2
            }
            track_file f1 {
                file /run/f1
                weight 3 reverse
                init_file 7 overwrite
            }
            vrrp_instance VI_6 {
                state MASTER
                interface eth0
                virtual_router_id 7
                priority 150
                advert_int 0.5
                nopreempt
                unicast_src_ip 10.0.0.2
                unicast_peer {
                    10.0.0.3
                    10.0.0.4 min_ttl 250
                }
                virtual_ipaddress {
                    10.0.0.10/24 dev eth1 label eth1:vip scope global brd 10.0.0.255
                }
                virtual_ipaddress_excluded { 10.1.0.1 }
                virtual_routes { 10.2.0.0/16 via 10.0.0.254 dev eth0 }
                virtual_rules { from 10.0.0.10 table 100 }
                track_script { chk weight 10 }
                track_interface { eth1 weight -5 reverse }
                track_process { p1 }
                track_file { f1 }
                notify_master "/x/m.sh a"
                notify /x/n.sh
                smtp_alert
                garp_master_repeat 3
                garp_master_refresh 60
                use_vmac vrrp.7
                vmac_xmit_base
                no_accept
                lower_prio_no_advert
            }
            vrrp_sync_group G { group { VI_6 } notify_backup /x/b.sh }
            """);
        Assert.False(r.HasErrors, string.Join("\n", r.Diagnostics));
        var c = r.Config!;
        Assert.Equal("R1", c.Global.RouterId);
        Assert.Equal(["a@b.c", "d@e.f"], c.Global.NotificationEmails.ToArray());
        Assert.Equal(2525, c.Global.SmtpServerPort);
        Assert.Equal("nogroup", c.Global.ScriptGroup);
        var s = Assert.Single(c.Scripts);
        Assert.Equal(("/bin/true -x", 2, 3, -20, true, 2, 3, "root", "wheel", true),
            (s.Script, (int)s.Interval.TotalSeconds, (int)s.Timeout!.Value.TotalSeconds, s.Weight, s.WeightReverse, s.Rise, s.Fall, s.User, s.Group, s.InitFail));
        var p = Assert.Single(c.TrackProcesses);
        Assert.Equal(("sshd", "-D", 5, 2), (p.Process, p.Parameters.Single(), p.Weight, p.Quorum));
        var f = Assert.Single(c.TrackFiles);
        Assert.Equal(("/run/f1", 3, true, 7L, true), (f.File, f.Weight, f.WeightReverse, f.InitValue, f.InitOverwrite));
        var i = Assert.Single(c.Instances);
        Assert.Equal(InstanceInitialState.Master, i.InitialState);
        Assert.Equal(150, i.Priority);
        Assert.Equal(3, i.Version);
        Assert.Equal(TimeSpan.FromMilliseconds(500), i.AdvertInterval);
        Assert.False(i.Nopreempt); // cleared with a warning: state MASTER
        Assert.Equal(IPAddress.Parse("10.0.0.2"), i.UnicastSourceIp);
        Assert.Equal([IPAddress.Parse("10.0.0.3"), IPAddress.Parse("10.0.0.4")], i.UnicastPeers.ToArray());
        Assert.Equal(250, i.UnicastPeerEntries[1].MinTtl);
        var vip = Assert.Single(i.VirtualAddresses);
        Assert.Equal(("eth1", "eth1:vip", "global", IPAddress.Parse("10.0.0.255")), (vip.Device, vip.Label, vip.Scope, vip.Broadcast));
        Assert.Single(i.ExcludedAddresses);
        Assert.Equal(IPAddress.Parse("10.0.0.254"), Assert.Single(i.VirtualRoutes).Via);
        Assert.Equal("100", Assert.Single(i.VirtualRules).Table);
        Assert.Equal(new TrackRef("chk", 10, false, new SourceLocation(ConfText.File, 48)), Assert.Single(i.TrackScripts));
        Assert.Equal(new TrackRef("eth1", -5, true, new SourceLocation(ConfText.File, 49)), Assert.Single(i.TrackInterfaces));
        Assert.Equal("p1", Assert.Single(i.TrackProcesses).Name);
        Assert.Equal("f1", Assert.Single(i.TrackFiles).Name);
        Assert.Equal("/x/m.sh a", i.NotifyMaster);
        Assert.Equal("/x/n.sh", i.Notify);
        Assert.True(i.SmtpAlert);
        Assert.Equal(TimeSpan.FromSeconds(2), i.GarpMasterDelay); // from global_defs
        Assert.Equal(3, i.GarpMasterRepeat);
        Assert.Equal(TimeSpan.FromSeconds(60), i.GarpMasterRefresh);
        Assert.Equal((true, "vrrp.7", true), (i.UseVmac, i.VmacName, i.VmacXmitBase));
        Assert.False(i.Accept);
        Assert.True(i.LowerPrioNoAdvert);
        var g = Assert.Single(c.SyncGroups);
        Assert.Equal(["VI_6"], g.Members.ToArray());
        Assert.Equal("/x/b.sh", g.NotifyBackup);
    }

    [Fact]
    public void LoadText_StateMasterWithoutPriority_PriorityIs255AsKeepalived()
    {
        var r = ConfText.Load("vrrp_instance V { state MASTER\n interface eth0\n virtual_router_id 1\n virtual_ipaddress { 10.0.0.1 } }");
        Assert.Equal(255, Assert.Single(r.Config!.Instances).Priority);
    }

    [Fact]
    public void LoadText_Ipv6Vips_FamilyV6AndVersion3()
    {
        var r = ConfText.Load("vrrp_instance V { interface eth0\n virtual_router_id 1\n virtual_ipaddress { fe80::1/64\n fd00::1/64 } }");
        var i = Assert.Single(r.Config!.Instances);
        Assert.Equal((AddressFamily.InterNetworkV6, 3, 64), (i.Family, i.Version, i.VirtualAddresses[1].PrefixLength));
    }

    [Fact]
    public void LoadText_AuthenticationPass_Bound()
    {
        var r = ConfText.Load(ConfText.Instance("authentication {\n auth_type PASS\n auth_pass secret\n }"));
        Assert.Equal(new VrrpAuthentication(KeepalivedSharp.Wire.Vrrp.VrrpAuthType.Password, "secret"), Assert.Single(r.Config!.Instances).Authentication);
    }

    [Fact]
    public void LoadText_VirtualServer_TypedWithoutDiagnostics()
    {
        var r = ConfText.Load("virtual_server 10.0.0.1 80 {\n delay_loop 6\n lb_algo rr\n lb_kind NAT\n protocol TCP\n real_server 10.0.0.2 80 {\n weight 1\n HTTP_GET {\n url { path / }\n }\n }\n }");
        Assert.Empty(r.Diagnostics);
        var vs = Assert.Single(r.Config!.VirtualServers);
        Assert.Equal(CheckerKind.Http, Assert.Single(Assert.Single(vs.RealServers).Checkers).Type);
    }

    [Fact]
    public void Load_MissingFile_ErrorAtLineZero()
    {
        var r = ConfigLoader.Load("/nonexistent/keepalived.conf", new ConfigOptions());
        Assert.Equal("/nonexistent/keepalived.conf:0: error: cannot read configuration file '/nonexistent/keepalived.conf'", ConfText.Single(r).ToString());
    }

    [Fact]
    public void Diagnostic_ToString_FileLineSeverityMessage()
    {
        Assert.Equal("a.conf:3: error: boom", new Diagnostic(Severity.Error, new SourceLocation("a.conf", 3), "boom").ToString());
        Assert.Equal("a.conf:4: warning: hmm", new Diagnostic(Severity.Warning, new SourceLocation("a.conf", 4), "hmm").ToString());
    }
}
