using System.Net;
using System.Net.Sockets;
using KeepalivedSharp.Core.Check;

namespace KeepalivedSharp.Config.Tests.Checking;

/// <summary>The check module's config: each block typed, keepalived 2.2.7's fix-ups, errors at their line.</summary>
public class CheckConfigTests
{
    private const string Head = "virtual_server 10.0.0.1 80 {\n lvs_sched rr\n lvs_method NAT\n protocol TCP\n";

    private static VirtualServerConfig One(string text)
    {
        var r = ConfText.Load(text);
        Assert.True(r.Config is not null, string.Join("\n", r.Diagnostics));
        return Assert.Single(r.Config.VirtualServers);
    }

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in CheckCases.All) data.Add(c.Name);
        return data;
    }

    /// <summary>Our -t exit code is the one keepalived 2.2.7 gave (keepalived crashes on one: we say 5).</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Load_CheckCase_ExitCodeIsKeepalivedsVerdict(string name)
    {
        var c = CheckCases.All.Single(x => x.Name == name);
        var r = ConfText.Load(c.Text);
        var expected = c.KeepalivedExit == 139 ? 5 : c.KeepalivedExit;
        Assert.True(expected == r.ConfigTestExitCode, $"{name}: keepalived {c.KeepalivedExit}, ours {r.ConfigTestExitCode}:\n{string.Join("\n", r.Diagnostics)}");
    }

    [Fact]
    public void Load_VirtualServer_NoLongerNotYetSupported_EveryValueTyped()
    {
        var vs = One("""
            virtual_server 10.0.0.1 443 {
             delay_loop 6.5
             lb_algo wrr
             lb_kind DR
             protocol TCP
             persistence_timeout 50
             persistence_granularity 255.255.255.0
             persistence_engine sip
             connect_timeout 3
             retry 2
             delay_before_retry 2
             warmup 4
             quorum 2
             hysteresis 1
             quorum_up "/bin/true up"
             weight 3
             virtualhost www.example.com
             smtp_alert off
             alpha
             omega
             inhibit_on_failure
             sorry_server 10.0.0.9 443
             real_server 10.0.0.2 443 {
              weight 0
              uthreshold 100
              lthreshold 10
              notify_up /bin/up.sh
              smtp_alert
             }
             real_server 10.0.0.3 443 {
             }
            }
            """);
        Assert.Equal(VirtualServerKind.Address, vs.Kind);
        Assert.Equal((IPAddress.Parse("10.0.0.1"), (ushort)443, LvsProtocol.Tcp), (vs.Address!, vs.Port, vs.Protocol!.Value));
        Assert.Equal(TimeSpan.FromSeconds(6.5), vs.DelayLoop);
        Assert.Equal("wrr", vs.Scheduler);
        Assert.Equal(LvsMethod.DirectRoute, vs.Forwarding!.Method);
        Assert.Equal(50u, vs.PersistenceTimeout);
        Assert.Equal(BitConverter.ToUInt32(IPAddress.Parse("255.255.255.0").GetAddressBytes()), vs.PersistenceGranularity);
        Assert.Equal("sip", vs.PersistenceEngine);
        Assert.Equal((2, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(3)), (vs.Retry!.Value, vs.DelayBeforeRetry!.Value, vs.Warmup!.Value, vs.ConnectTimeout));
        Assert.Equal((2L, 1L), (vs.Quorum, vs.Hysteresis));
        Assert.Equal("/bin/true up", vs.QuorumUp!.Command);
        Assert.Equal((3, "www.example.com", false), (vs.Weight, vs.VirtualHost!, vs.SmtpAlert!.Value));
        Assert.True(vs.Alpha && vs.Omega && vs.InhibitOnFailure);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.0.0.9"), 443), new IPEndPoint(vs.SorryServer!.Address, vs.SorryServer.Port));
        var rs = vs.RealServers[0];
        Assert.Equal((0, 100u, 10u, "/bin/up.sh", true), (rs.Weight!.Value, rs.UpperThreshold, rs.LowerThreshold, rs.NotifyUp!.Command, rs.SmtpAlert!.Value));
        Assert.Null(vs.RealServers[1].Weight);
    }

    [Fact]
    public void Load_VirtualServer_FwmarkAndGroupForms()
    {
        var fw = One("virtual_server fwmark 7 {\n lvs_sched rr\n lvs_method DR\n real_server 10.0.0.2 {\n }\n}\n");
        Assert.Equal((VirtualServerKind.Fwmark, 7u, AddressFamily.InterNetwork), (fw.Kind, fw.Fwmark, fw.Family!.Value));
        Assert.Null(fw.Protocol);
        var g = One("virtual_server_group G {\n 10.0.0.1 80\n}\nvirtual_server group G {\n lvs_sched rr\n lvs_method NAT\n protocol TCP\n real_server 10.0.0.2 80 {\n }\n}\n");
        Assert.Equal((VirtualServerKind.Group, "G"), (g.Kind, g.GroupName!));
    }

    [Fact]
    public void Load_VirtualServerGroup_RangesCidrIpv6AndFwmark()
    {
        var r = ConfText.Load("""
            virtual_server_group G {
             10.0.0.1-10 80
             10.0.1.0/30 8080
             fd00::1-a 80
             10.0.2.1-10.0.2.3
             fwmark 5 inet6
            }
            """);
        var e = Assert.Single(r.Config!.VirtualServerGroups).Entries;
        Assert.Equal(5, e.Length);
        Assert.Equal(10, e[0].Addresses().Count());
        Assert.Equal(("10.0.0.10", (ushort)80), (e[0].LastAddress!.ToString(), e[0].Port));
        Assert.Equal(["10.0.1.0", "10.0.1.1", "10.0.1.2", "10.0.1.3"], e[1].Addresses().Select(a => a.ToString()));
        Assert.Equal(10, e[2].Addresses().Count());
        Assert.Equal("fd00::a", e[2].LastAddress!.ToString());
        Assert.Equal((ushort)0, e[3].Port);
        Assert.Equal(3, e[3].Addresses().Count());
        Assert.Equal((5u, AddressFamily.InterNetworkV6), (e[4].Fwmark!.Value, e[4].FwmarkFamily!.Value));
    }

    [Theory]
    [InlineData("10.0.1.1/24 80", "Address mask bits not empty - 10.0.1.1/24 - skipping")]
    [InlineData("10.0.0.5-3 80", "Address range end is not greater than address range start - 10.0.0.5-3 - skipping")]
    [InlineData("10.0.0.5-10.0.0.1", "Address range end is less than address range start - 10.0.0.5-10.0.0.1 - skipping")]
    [InlineData("10.0.0.5-fd00::1", "Range address families do not match - 10.0.0.5-fd00::1 - skipping")]
    [InlineData("10.0.0/24", "Invalid virtual server group IP address - 10.0.0/24 - skipping")]
    [InlineData("fwmark 5 ipx", "(G): fwmark '5' family ipx unknown - ignoring")]
    public void Load_VirtualServerGroup_BadEntry_ErrorAtItsLine(string entry, string message)
    {
        var r = ConfText.Load($"virtual_server_group G {{\n 10.0.0.9 80\n {entry}\n}}\n");
        ConfText.AssertError(r, 3, message);
    }

    [Fact]
    public void Load_VirtualServerGroup_MixedFamiliesWithBareFwmark_Removed()
    {
        var r = ConfText.Load("virtual_server_group G {\n 10.0.0.1 80\n fd00::1 80\n fwmark 3\n}\n");
        ConfText.AssertError(r, 1, "virtual server group G cannot have IPv4, IPv6 and fwmark without family - removing");
    }

    [Fact]
    public void Load_EveryCheckerType_Typed()
    {
        var vs = One($$"""
            track_file tf {
             file /nonexistent/w
             weight 3
            }
            bfd_instance b1 {
             neighbor_ip 10.0.0.2
            }
            {{Head}} real_server 10.0.0.2 80 {
              TCP_CHECK {
               connect_ip 10.0.0.7
               connect_port 81
               bindto 10.0.0.1
               bind_port 4000
               bind_if eth0
               fwmark 9
               connect_timeout 2
               retry 0
               log_all_failures
              }
              HTTP_GET {
               url {
                path /a
                digest 9B3A0C85A887A256D6939DA88AABD8CD
                status_code 200 301-302
                virtualhost a.example
               }
               url {
                path /b
               }
               http_protocol 1.0c
               virtualhost v.example
               fast_recovery
              }
              SSL_GET {
               url {
                path /
               }
               enable_sni on
              }
              DNS_CHECK {
               type aaaa
               name example.com
              }
              SMTP_CHECK {
               helo_name me.example
              }
              MISC_CHECK {
               misc_path "/bin/check.sh 10.0.0.2"
               misc_timeout 4
               misc_dynamic
               user nobody nogroup
              }
              FILE_CHECK {
               track_file tf
               weight -2 reverse
              }
              PING_CHECK {
              }
              UDP_CHECK {
               payload 01 02 a
               require_reply 01xX
               max_reply_length 10
              }
              BFD_CHECK {
               name b1
               alpha
              }
             }
            }
            """);
        var c = vs.RealServers.Single().Checkers;
        Assert.Equal([CheckerKind.Tcp, CheckerKind.Http, CheckerKind.Ssl, CheckerKind.Dns, CheckerKind.Smtp, CheckerKind.Misc,
            CheckerKind.File, CheckerKind.Ping, CheckerKind.Udp, CheckerKind.Bfd], c.Select(x => x.Type));
        var tcp = c[0];
        Assert.Equal(("10.0.0.7", (ushort)81, "10.0.0.1", (ushort)4000, "eth0", 9u), (tcp.ConnectIp!.ToString(), tcp.ConnectPort!.Value,
            tcp.BindTo!.ToString(), tcp.BindPort!.Value, tcp.BindInterface!, tcp.Fwmark!.Value));
        Assert.Equal((TimeSpan.FromSeconds(2), 0, true), (tcp.ConnectTimeout!.Value, tcp.Retry!.Value, tcp.LogAllFailures!.Value));
        var http = c[1];
        Assert.Equal(("1.0C", "v.example", true), (http.HttpProtocol, http.VirtualHost!, http.FastRecovery));
        Assert.Equal(["/a", "/b"], http.Urls.Select(u => u.Path));
        Assert.Equal("9b3a0c85a887a256d6939da88aabd8cd", http.Urls[0].Digest);
        Assert.Equal(new[] { (200, 200), (301, 302) }, http.Urls[0].StatusCodes.ToArray());
        Assert.Empty(http.Urls[1].StatusCodes);
        Assert.True(c[2].EnableSni);
        Assert.Equal(("AAAA", "example.com"), (c[3].DnsType, c[3].DnsName));
        Assert.Equal("me.example", c[4].HeloName);
        Assert.Equal(("/bin/check.sh 10.0.0.2", TimeSpan.FromSeconds(4), true, "nobody", "nogroup"),
            (c[5].MiscPath!, c[5].MiscTimeout!.Value, c[5].MiscDynamic, c[5].User!, c[5].Group!));
        Assert.Equal(("tf", -2, true), (c[6].TrackFile!, c[6].FileWeight!.Value, c[6].FileReverse));
        Assert.Equal(new byte[] { 1, 2, 0xa }, c[8].Payload!.Value.ToArray());
        Assert.True(c[8].RequireReply);
        Assert.Equal(new byte[] { 1, 0 }, c[8].ReplyData!.Value.ToArray());
        Assert.Equal(new byte[] { 0, 0xff }, c[8].ReplyMask!.Value.ToArray());
        Assert.Equal((0, 10), (c[8].MinReplyLength, c[8].MaxReplyLength));
        Assert.Equal(("b1", true), (c[9].BfdName!, c[9].Alpha!.Value));
    }

    [Fact]
    public void Load_CheckerDefaults_AreKeepalivedsWhenUnset()
    {
        var c = One($"{Head} real_server 10.0.0.2 80 {{\n  HTTP_GET {{\n   url {{\n    path /\n   }}\n  }}\n  DNS_CHECK {{\n  }}\n  SMTP_CHECK {{\n  }}\n  UDP_CHECK {{\n  }}\n }}\n}}\n")
            .RealServers.Single().Checkers;
        Assert.Equal("1.0", c[0].HttpProtocol);
        Assert.False(c[0].EnableSni);
        Assert.Equal(("SOA", "."), (c[1].DnsType, c[1].DnsName));
        Assert.Equal("smtpchecker.keepalived.org", c[2].HeloName);
        Assert.Equal((0, 255, false), (c[3].MinReplyLength, c[3].MaxReplyLength, c[3].RequireReply));
        Assert.All(c, x => Assert.Null(x.Retry ?? (object?)x.DelayLoop ?? x.ConnectTimeout));
    }

    [Fact]
    public void Load_SmtpHostBlock_TakesOverACheckerWithoutConnectionOptions()
    {
        // check_smtp.c smtp_check_end_handler: the checker takes the first host's options, the next host is a copy.
        var c = One($"{Head} real_server 10.0.0.2 25 {{\n  SMTP_CHECK {{\n   helo_name me.example\n   host {{\n    connect_ip 10.0.0.8\n    retry 4\n   }}\n" +
            "   host {\n    connect_ip 10.0.0.9\n    connect_timeout 2\n   }\n  }\n }\n}\n").RealServers.Single().Checkers;
        Assert.Equal(2, c.Length);
        Assert.Equal(("10.0.0.8", (TimeSpan?)null), (c[0].ConnectIp!.ToString(), c[0].ConnectTimeout));
        Assert.Equal(("10.0.0.9", (TimeSpan?)TimeSpan.FromSeconds(2)), (c[1].ConnectIp!.ToString(), c[1].ConnectTimeout));
        // A non-connection keyword in a host block sets the checker, which every host copies.
        Assert.All(c, x => Assert.Equal(("me.example", (int?)4), (x.HeloName, x.Retry)));
    }

    [Fact]
    public void Load_SmtpHostBlock_CheckerWithAConnectionOptionStays()
    {
        var c = One($"{Head} real_server 10.0.0.2 25 {{\n  SMTP_CHECK {{\n   connect_timeout 3\n   host {{\n    connect_ip 10.0.0.8\n   }}\n  }}\n }}\n}}\n").RealServers.Single().Checkers;
        Assert.Equal(2, c.Length);
        Assert.Null(c[0].ConnectIp);
        Assert.Equal(TimeSpan.FromSeconds(3), c[0].ConnectTimeout);
        // The host's own connect_timeout, not the checker's (it defaults to the RS/VS one).
        Assert.Equal(("10.0.0.8", (TimeSpan?)null), (c[1].ConnectIp!.ToString(), c[1].ConnectTimeout));
    }

    [Fact]
    public void Load_SslBlock_Typed()
    {
        var r = ConfText.Load("SSL {\n password p\n ca /c\n certificate /x\n key /k\n}\n");
        Assert.Equal(("p", "/c", "/x", "/k"), (r.Config!.Ssl!.Password!, r.Config.Ssl.CaFile!, r.Config.Ssl.CertificateFile!, r.Config.Ssl.KeyFile!));
    }

    [Theory]
    [InlineData(" real_server 10.0.0.2 80 {\n  wieght 2\n }\n", 6, "unknown keyword 'wieght' in real_server; did you mean 'weight'?")]
    [InlineData(" real_server 10.0.0.2 80 {\n  TCP_CHECK {\n   conect_timeout 3\n  }\n }\n", 7, "unknown keyword 'conect_timeout' in TCP_CHECK; did you mean 'connect_timeout'?")]
    [InlineData(" real_server 10.0.0.2 80 {\n  HTTP_GET {\n   url {\n    pat /\n   }\n  }\n }\n", 8, "unknown keyword 'pat' in url; did you mean 'path'?")]
    [InlineData(" real_server 10.0.0.2 80 {\n  MISC_CHECK {\n   misc_pth /x\n  }\n }\n", 7, "unknown keyword 'misc_pth' in MISC_CHECK; did you mean 'misc_path'?")]
    [InlineData(" real_server 10.0.0.2 80 {\n  TCP_CHEK {\n  }\n }\n", 6, "unknown keyword 'TCP_CHEK' in real_server; did you mean 'TCP_CHECK'?")]
    [InlineData(" delay_lop 5\n real_server 10.0.0.2 80 {\n }\n", 5, "unknown keyword 'delay_lop' in virtual_server; did you mean 'delay_loop'?")]
    [InlineData(" real_server 10.0.0.2 80 {\n  MISC_CHECK {\n   misc_path /x\n   connect_timeout 3\n  }\n }\n", 8, "unknown keyword 'connect_timeout' in MISC_CHECK")]
    [InlineData(" real_server 10.0.0.2 80 {\n  HTTP_GET {\n  }\n }\n", 6, "HTTP/SSL_GET checker has no urls specified - ignoring")]
    [InlineData(" real_server 10.0.0.2 80 {\n  HTTP_GET {\n   url {\n    path /\n    status_code 700\n   }\n  }\n }\n", 9, "Invalid HTTP_GET status code '700'")]
    [InlineData(" real_server 10.0.0.2 80 {\n  DNS_CHECK {\n   type XX\n  }\n }\n", 7, "Unknown DNS check type XX - ignoring")]
    [InlineData(" real_server 10.0.0.2 80 {\n  retry 0\n }\n", 6, "'retry' value 0 is out of range (1..")]
    [InlineData(" real_server 10.0.0.2 80 {\n  lvs_method TUN type gue\n }\n", 6, "gue tunnels require port, otherwise cannot have port.")]
    [InlineData(" real_server 10.0.0.2 80 {\n  TCP_CHECK {\n   connect_ip fe80::1\n  }\n }\n", 6, "Checker link local address fe80::1 requires a bind_if")]
    [InlineData(" real_server 10.0.0.2 80 {\n  FILE_CHECK {\n   track_file nope\n  }\n }\n", 6, "track_file nope not found")]
    [InlineData(" lvs_sched xyz\n real_server 10.0.0.2 80 {\n }\n", 5, "Invalid lvs_scheduler 'xyz' - ignoring")]
    [InlineData(" sh-port\n real_server 10.0.0.2 80 {\n }\n", 5, "sh-port only applies to sh scheduler - ignoring")]
    [InlineData(" real_server fd00::2 80 {\n }\n", 5, "Address family of virtual server and real server fd00::2 don't match - skipping real server.")]
    public void Load_CheckError_AtItsLine(string body, int line, string message)
        => ConfText.AssertError(ConfText.Load(Head + body + "}\n"), line, message);

    /// <summary>validate_check_config's reported fix-ups: applied, a warning at the line, and -t fails (exit 5).</summary>
    [Theory]
    [InlineData("virtual_server 10.0.0.1 80 {\n lvs_sched rr\n lvs_method NAT\n real_server 10.0.0.2 80 {\n }\n}\n", 1, "Virtual server [10.0.0.1]:none:80: no protocol set - defaulting to UDP")]
    [InlineData("virtual_server 10.0.0.1 80 {\n protocol TCP\n lvs_method NAT\n real_server 10.0.0.2 80 {\n }\n}\n", 1, "Virtual server [10.0.0.1]:tcp:80: no scheduler set, setting default 'wlc'")]
    [InlineData("virtual_server 10.0.0.1 80 {\n protocol TCP\n lvs_sched rr\n real_server 10.0.0.2 80 {\n }\n}\n", 1, "Virtual server [10.0.0.1]:tcp:80: no forwarding method set, setting default NAT")]
    [InlineData(Head + " quorum 5\n real_server 10.0.0.2 80 {\n  weight 2\n }\n}\n", 5, "quorum 5 for [10.0.0.1]:tcp:80 exceeds total weight of real servers 2, reducing quorum to 2")]
    [InlineData(Head + " quorum 2\n hysteresis 2\n real_server 10.0.0.2 80 {\n  weight 2\n }\n}\n", 6, "Virtual server [10.0.0.1]:tcp:80: hysteresis 2 >= quorum 2; setting hysteresis to 1")]
    [InlineData(Head + " real_server 10.0.0.2 80 {\n }\n real_server 10.0.0.2 80 {\n }\n}\n", 7, "VS [10.0.0.1]:tcp:80: real server [10.0.0.2]:tcp:80 is duplicated - removing second rs")]
    [InlineData(Head + "}\n", 1, "Virtual server [10.0.0.1]:tcp:80 has no real servers - ignoring")]
    [InlineData(Head + " ops\n real_server 10.0.0.2 80 {\n }\n}\n", 5, "Virtual server [10.0.0.1]:tcp:80: one packet scheduling requires UDP - resetting")]
    [InlineData("virtual_server fwmark 1 {\n lvs_sched rr\n lvs_method DR\n protocol TCP\n real_server 10.0.0.2 {\n }\n}\n", 4, "Virtual server FWM 1: protocol specified for fwmark - protocol will be ignored")]
    [InlineData("virtual_server fwmark 1 {\n lvs_sched rr\n lvs_method DR\n ha_suspend\n real_server 10.0.0.2 {\n }\n}\n", 4, "Virtual server FWM 1: cannot use ha_suspend with fwmarks - clearing ha_suspend")]
    [InlineData(Head + " real_server 10.0.0.2 80 {\n  HTTP_GET {\n   url {\n    path /\n   }\n   nb_get_retry 3\n  }\n }\n}\n", 10, "nb_get_retry is deprecated - please use 'retry'")]
    public void Load_FixUp_WarningAtLine_FailsConfigTest(string text, int line, string message)
    {
        var r = ConfText.Load(text);
        Assert.False(r.HasErrors, string.Join("\n", r.Diagnostics));
        Assert.Contains(r.Diagnostics, d => d.Severity == Severity.Warning && d.FailsConfigTest && d.Location.Line == line && d.Message.StartsWith(message, StringComparison.Ordinal));
        Assert.Equal(5, r.ConfigTestExitCode);
        Assert.NotNull(r.Config);
    }

    [Fact]
    public void Load_FixUps_AppliedToTheModel()
    {
        var vs = One("virtual_server 10.0.0.1 0 {\n quorum 9\n hysteresis 9\n real_server 10.0.0.2 {\n  weight 2\n }\n real_server 10.0.0.3 8080 {\n }\n real_server 10.0.0.3 8080 {\n }\n}\n");
        Assert.Equal((LvsProtocol.Udp, "wlc", LvsMethod.Nat, 360u), (vs.Protocol!.Value, vs.Scheduler!, vs.Forwarding!.Method, vs.PersistenceTimeout));
        Assert.Equal((3L, 2L), (vs.Quorum, vs.Hysteresis));
        Assert.Equal(2, vs.RealServers.Length);
        Assert.All(vs.RealServers, r => Assert.Equal(LvsMethod.Nat, r.Forwarding!.Method));
    }

    [Fact]
    public void Load_Ports_ForcedForDirectRoute_FilledForNat_ClearedForFwmark()
    {
        var dr = One("virtual_server 10.0.0.1 80 {\n lvs_sched rr\n lvs_method DR\n protocol TCP\n real_server 10.0.0.2 8080 {\n }\n real_server 10.0.0.3 {\n }\n sorry_server 10.0.0.9 81\n}\n");
        Assert.All(dr.RealServers, r => Assert.Equal((ushort)80, r.Port));
        Assert.Equal((ushort)80, dr.SorryServer!.Port);
        var nat = One(Head + " real_server 10.0.0.2 {\n }\n real_server 10.0.0.3 8080 {\n }\n}\n");
        Assert.Equal([(ushort)80, (ushort)8080], nat.RealServers.Select(r => r.Port));
        var fw = One("virtual_server fwmark 3 {\n lvs_sched rr\n lvs_method DR\n real_server 10.0.0.2 80 {\n }\n}\n");
        Assert.Equal((ushort)0, fw.RealServers[0].Port);
    }

    [Fact]
    public void Load_SorryServerEqualToARealServer_TakesItsInhibit()
    {
        var vs = One(Head + " sorry_server 10.0.0.2 80\n real_server 10.0.0.2 80 {\n  inhibit_on_failure\n }\n}\n");
        Assert.True(vs.SorryServer!.Inhibit);
    }

    [Fact]
    public void Load_UndefinedGroup_WarningOnly_VirtualServerDropped()
    {
        var r = ConfText.Load("virtual_server group NOPE {\n lvs_sched rr\n lvs_method NAT\n protocol TCP\n real_server 10.0.0.2 80 {\n }\n}\n");
        Assert.Equal(0, r.ConfigTestExitCode);
        Assert.Empty(r.Config!.VirtualServers);
        Assert.Contains(r.Diagnostics, d => d.Message.StartsWith("Virtual server group NOPE specified but not configured", StringComparison.Ordinal));
    }

    /// <summary>No BFD runs yet: a BFD_CHECK gets a warning at its line saying so (issue 11: -t says that it waits for BFD).</summary>
    [Theory]
    [InlineData("", "(up)")]
    [InlineData("   alpha\n", "(down, alpha)")]
    public void Load_BfdCheck_WarnedAtItsLine_WaitsForBfd(string alpha, string state)
    {
        var r = ConfText.Load("bfd_instance b1 {\n neighbor_ip 10.0.0.2\n}\n" + Head + " real_server 10.0.0.2 80 {\n  BFD_CHECK {\n   name b1\n" + alpha + "  }\n }\n}\n");
        Assert.Equal(0, r.ConfigTestExitCode);
        var d = Assert.Single(r.Diagnostics, d => d.Message.StartsWith("BFD_CHECK b1 waits for BFD", StringComparison.Ordinal));
        Assert.Equal((Severity.Warning, 9), (d.Severity, d.Location.Line));
        Assert.EndsWith(state, d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CheckerScripts_CountForScriptSecurity()
    {
        var r = ConfigLoader.LoadText(Head + " real_server 10.0.0.2 80 {\n  MISC_CHECK {\n   misc_path \"/bin/true x\"\n  }\n }\n}\n", ConfText.File,
            new ConfigOptions { ConfigId = "n", ScriptExists = _ => true });
        var d = Assert.Single(r.SecurityViolations);
        Assert.Equal(7, d.Location.Line);
        Assert.Equal(6, r.ConfigTestExitCode);
    }
}
