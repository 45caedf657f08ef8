using System.Net;
using KeepalivedSharp.Core.Check;
using KeepalivedSharp.Operations.Dumps;
using KeepalivedSharp.Settings;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Operations.Tests.Operations.Dumps;

/// <summary>
/// keepalived_check.data against what keepalived 2.2.7's source prints for the same config (check_data.c dump_vsg,
/// dump_vs, dump_rs; check_api.c dump_checker, dump_connection_opts; check_tcp.c, check_http.c, check_misc.c,
/// check_file.c dump functions; track_file.c dump_track_file). keepalived's checker cannot run here: this kernel has
/// no IPVS, and `keepalived -C` logs "IPVS: Can't initialize ipvs: No such file or directory" and exits with FATAL
/// before any dump, so the reference is the source, quoted at each block.
/// </summary>
public class CheckDataDumpTests
{
    public const string Config = """
        global_defs {
         router_id LVS1
        }
        track_file ready {
         file /run/ks-ready
         weight 5
        }
        virtual_server_group web {
         10.0.0.10 80
         10.0.1.1-3 8080
         fwmark 7
        }
        virtual_server 10.0.0.1 80 {
         delay_loop 10
         lvs_sched rr
         lvs_method NAT
         protocol TCP
         persistence_timeout 300
         sorry_server 10.0.0.9 80
         real_server 10.0.0.2 80 {
          weight 3
          TCP_CHECK {
           connect_timeout 2
          }
          HTTP_GET {
           url {
            path /health
            digest 9b3a0c0d8e3f4e6a7b8c9d0e1f2a3b4c
            status_code 200 301-302
           }
           url {
            path /ready
           }
           retry 2
          }
         }
         real_server 10.0.0.3 80 {
          MISC_CHECK {
           misc_path "/usr/bin/true -x"
           misc_timeout 4
          }
          FILE_CHECK {
           track_file ready
          }
         }
        }
        virtual_server group web {
         lvs_sched wrr
         lvs_method DR
         protocol TCP
         real_server 10.0.2.1 80 {
          TCP_CHECK {
          }
         }
        }
        """;

    private static DaemonStatus Status()
    {
        var r = KeepalivedSharp.Config.ConfigLoader.LoadText(Config, "/etc/keepalived/keepalived.conf", new KeepalivedSharp.Config.ConfigOptions());
        var config = r.Config ?? throw new InvalidOperationException(string.Join('\n', r.Diagnostics));
        var setup = CheckSetupBuilder.Build(config);
        var engine = setup.CreateEngine(1);
        var output = new List<CheckAction>();
        engine.Start(TimeSpan.Zero, output);
        // The tracked file holds 2: FILE_CHECK adds 2 x 5.
        engine.FileValue(new CheckerRef("[10.0.0.1]:tcp:80", new DestinationKey(IPAddress.Parse("10.0.0.3"), 80), 1), 2, TimeSpan.Zero, output);
        return StatusSamples.EngineStatus(config) with { Reloads = 0, VirtualServers = engine.Snapshot(), CheckSettings = setup };
    }

    private static string Section(string dump, string heading)
    {
        var lines = dump.Split('\n');
        var at = Array.IndexOf(lines, heading);
        Assert.True(at >= 0, heading);
        return string.Join('\n', lines.Skip(at).TakeWhile((l, k) => k == 0 || !l.StartsWith("------<", StringComparison.Ordinal)));
    }

    [Fact]
    public void Format_Topology_DumpVsgDumpVsDumpRsLines()
    {
        // check_data.c dump_vsg: the group line, then each entry ("VIP = %s, VPORT = %d" / "VIP Range = %s-%s, VPORT = %d",
        // address entries before fwmarks), each with "reloaded = False". dump_vs: VIP/VPORT, family, connection timeout and
        // delay_loop via format_decimal(, TIMER_HZ_DIGITS), sched, Hashed, flag-1..3, OPS, persistence, protocol, alpha,
        // omega, inhibit, quorum/hysteresis, "default " forwarding, sorry server (its method with the "  " prefix),
        // quorum_state_up, reloaded, then dump_rs per real server. Left out (see CheckDataDump): the LVS version line,
        // a VSG entry's "Alive:", VS "alive", RS "RS set", "previous effective_weight", "Using smtp notification".
        const string expected = """
            ------< LVS Topology >------
             ------< Virtual server group >------
             Virtual Server Group = web, IPv4 = yes, IPv6 = no
               VIP = 10.0.0.10, VPORT = 80
                 reloaded = False
               VIP Range = 10.0.1.1-10.0.1.3, VPORT = 8080
                 reloaded = False
               FWMARK = 7
                 reloaded = False
             ------< Virtual server >------
             VS VIP = 10.0.0.1, VPORT = 80
               Address family = inet
               connection timeout = 5.000000
               delay_loop = 10.000000
               lvs_sched = rr
               Hashed = disabled
               flag-1 = disabled
               flag-2 = disabled
               flag-3 = disabled
               One packet scheduling = disabled
               persistence timeout = 300
               protocol = TCP
               alpha is OFF
               omega is OFF
               Inhibit on failure is OFF
               quorum = 1, hysteresis = 0
               default forwarding method = NAT
               sorry server = [10.0.0.9]:tcp:80
                 forwarding method = NAT
                 Inhibit on failure is OFF
               quorum_state_up = 1
               reloaded = 0
               ------< Real server >------
               RIP = 10.0.0.2, RPORT = 80, WEIGHT = 3 EFF WEIGHT = 3
               forwarding method = NAT
               Alpha is OFF
               connection timeout = 5.000000
               connection limit range = 0 -> 0
               Delay loop = 10.000000
               Inhibit on failure is OFF
               initial weight = 3
               effective weight = 3
               alive = 1
               num failed checkers = 0
               reloaded = 0
               ------< Real server >------
               RIP = 10.0.0.3, RPORT = 80, WEIGHT = 11 EFF WEIGHT = 11
               forwarding method = NAT
               Alpha is OFF
               connection timeout = 5.000000
               connection limit range = 0 -> 0
               Delay loop = 10.000000
               Inhibit on failure is OFF
               initial weight = 1
               effective weight = 11
               alive = 1
               num failed checkers = 0
               reloaded = 0
               Tracked Files
                 ready, weight 5
             ------< Virtual server >------
             VS GROUP = [web]:0
               Address family = inet
               connection timeout = 5.000000
               delay_loop = 60.000000
               lvs_sched = wrr
               Hashed = disabled
               flag-1 = disabled
               flag-2 = disabled
               flag-3 = disabled
               One packet scheduling = disabled
               protocol = TCP
               alpha is OFF
               omega is OFF
               Inhibit on failure is OFF
               quorum = 1, hysteresis = 0
               default forwarding method = DR
               quorum_state_up = 1
               reloaded = 0
               ------< Real server >------
               RIP = 10.0.2.1, RPORT = 80, WEIGHT = 1 EFF WEIGHT = 1
               forwarding method = DR
               Alpha is OFF
               connection timeout = 5.000000
               connection limit range = 0 -> 0
               Delay loop = 60.000000
               Inhibit on failure is OFF
               initial weight = 1
               effective weight = 1
               alive = 1
               num failed checkers = 0
               reloaded = 0
            """;
        // FMT_VS of a group's virtual server: "[web]:0", numbered from 0 by ipwrapper.c link_vsg_to_vs.
        Assert.Equal(expected, Section(CheckDataDump.Format(Status()), "------< LVS Topology >------"));
    }

    [Fact]
    public void Format_HealthCheckers_DumpCheckerAndEachTypesLines()
    {
        // check_api.c dump_checker: " %s -> %s" (FMT_VS, FMT_RS), Enabled, Up, Has run, Current weight; unless FILE: Alpha,
        // "Delay loop = %lu us", Warmup, Retries, with retries "Delay before retry" and "Retries iterations", "Default delay
        // before retry" (1 s; HTTP 3 s: check_http.c); "Log all failures"; dump_connection_opts: "Dest = [ip]:port",
        // "Timeout = %f". check_tcp.c dump_tcp_check; check_http.c dump_http_check and dump_url (status codes as runs,
        // 200-299 by default); check_misc.c dump_misc_check (cmd_str quotes each word; timeout in seconds; uid:gid and
        // Last ran/Last status left out); check_file.c dump_file_check. FILE_CHECKs come last: check_file.c
        // add_rs_to_track_files queues them after the config is read.
        const string expected = """
            ------< Health checkers >------
             [10.0.0.1]:tcp:80 -> [10.0.0.2]:tcp:80
               Enabled = yes
               Up = yes
               Has run = no
               Current weight = 0
               Alpha = no
               Delay loop = 10000000 us
               Warmup = 10000000 us
               Retries = 1
               Delay before retry = 1000000 us
               Retries iterations = 1
               Default delay before retry = 1000000 us
               Log all failures = no
               Connection
                 Dest = [10.0.0.2]:80
                 Timeout = 2.000000
               Keepalive method = TCP_CHECK
             [10.0.0.1]:tcp:80 -> [10.0.0.2]:tcp:80
               Enabled = yes
               Up = yes
               Has run = no
               Current weight = 0
               Alpha = no
               Delay loop = 10000000 us
               Warmup = 10000000 us
               Retries = 2
               Delay before retry = 3000000 us
               Retries iterations = 2
               Default delay before retry = 3000000 us
               Log all failures = no
               Connection
                 Dest = [10.0.0.2]:80
                 Timeout = 5.000000
               Keepalive method = HTTP_GET, http protocol 1.0
               Enable SNI unset
               Fast recovery unset
               Checked url = /health
                 digest = 9b3a0c0d8e3f4e6a7b8c9d0e1f2a3b4c
                 HTTP Status Code(s)
                   200
                   301-302
               Checked url = /ready
                 HTTP Status Code(s)
                   200-299
             [10.0.0.1]:tcp:80 -> [10.0.0.3]:tcp:80
               Enabled = yes
               Up = yes
               Has run = no
               Current weight = 0
               Alpha = no
               Delay loop = 10000000 us
               Warmup = 10000000 us
               Retries = 0
               Default delay before retry = 1000000 us
               Log all failures = no
               Keepalive method = MISC_CHECK
               script = '/usr/bin/true' '-x'
               timeout = 4
               dynamic = NO
             [web]:0 -> [10.0.2.1]:tcp:80
               Enabled = yes
               Up = yes
               Has run = no
               Current weight = 0
               Alpha = no
               Delay loop = 60000000 us
               Warmup = 60000000 us
               Retries = 1
               Delay before retry = 1000000 us
               Retries iterations = 1
               Default delay before retry = 1000000 us
               Log all failures = no
               Connection
                 Dest = [10.0.2.1]:80
                 Timeout = 5.000000
               Keepalive method = TCP_CHECK
             [10.0.0.1]:tcp:80 -> [10.0.0.3]:tcp:80
               Enabled = yes
               Up = yes
               Has run = yes
               Current weight = 10
               Log all failures = no
               Keepalive method = FILE_CHECK
                 Tracked file = ready
                 Reloaded = No
            """;
        Assert.Equal(expected, Section(CheckDataDump.Format(Status()), "------< Health checkers >------"));
    }

    [Fact]
    public void Format_TrackFiles_DumpTrackFileWithTheTrackingRealServers()
    {
        // track_file.c dump_track_file: name, "File = ", "Status = " (last_status, the value read), "Weight = ", then
        // dump_tracking_obj_list with check_data.c dump_tracking_rs: "     %s -> %s, weight %d%s".
        const string expected = """
            ------< Checker track files >------
             Track file = ready
               File = /run/ks-ready
               Status = 2
               Weight = 5
               Tracking instances :
                 [10.0.0.1]:tcp:80 -> [10.0.0.3]:tcp:80, weight 5

            """;
        Assert.Equal(expected, Section(CheckDataDump.Format(Status()), "------< Checker track files >------"));
    }

    [Fact]
    public void Format_Start_GlobalDefinitionsAsTheDataDump_NoSslWithoutSslGet()
    {
        // check_data.c dump_data_check: dump_global_data first, the same function keepalived.data starts with.
        var status = Status();
        var dump = CheckDataDump.Format(status);
        var global = DataDump.Format(status).Split("------< Static", StringSplitOptions.None)[0].Split("------< VRRP", StringSplitOptions.None)[0];
        Assert.StartsWith(global, dump, StringComparison.Ordinal);
        Assert.Contains(" Router ID = LVS1\n", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("SSL definitions", dump, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_SslGetWithoutSslBlock_AutogenContext()
    {
        // check_data.c dump_ssl: " Using autogen SSL context" when no password or file is set (check_ssl.c init_ssl_ctx
        // makes one for SSL_GET without an SSL block).
        var config = Config.Replace("TCP_CHECK {\n   connect_timeout 2", "SSL_GET {\n   url {\n    path /\n   }\n   connect_timeout 2", StringComparison.Ordinal);
        var r = KeepalivedSharp.Config.ConfigLoader.LoadText(config, "/etc/keepalived/keepalived.conf", new KeepalivedSharp.Config.ConfigOptions());
        var setup = CheckSetupBuilder.Build(r.Config!);
        var dump = CheckDataDump.Format(StatusSamples.EngineStatus(r.Config!) with { CheckSettings = setup });
        Assert.Contains("------< SSL definitions >------\n Using autogen SSL context\n------< LVS Topology >------\n", dump, StringComparison.Ordinal);
        Assert.Contains("   Keepalive method = SSL_GET, http protocol 1.0\n", dump, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_AfterAReload_NoReloadedLines()
    {
        var dump = CheckDataDump.Format(Status() with { Reloads = 1 });
        Assert.DoesNotContain("reloaded", dump, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Format_WithoutCheckers_GlobalDefinitionsOnly()
        => Assert.DoesNotContain("LVS Topology", CheckDataDump.Format(StatusSamples.FixtureStatus()), StringComparison.Ordinal);

    [Fact]
    public void Locations_CheckData_KeepalivedCheckDataBesideKeepalivedData()
    {
        var l = DumpLocations.For(StatusSamples.FixtureConfig(), "/var/tmp/ka");
        Assert.Equal("/var/tmp/ka/keepalived_check.data", l.CheckDataFile);
        var named = KeepalivedSharp.Config.ConfigLoader.LoadText("instance east\nglobal_defs {\n data_use_instance\n}\n" + Config, "k.conf",
            new KeepalivedSharp.Config.ConfigOptions()).Config!;
        Assert.Equal("/tmp/keepalived_check.east.data", DumpLocations.For(named, null).CheckDataFile);
        Assert.Equal("/tmp/keepalived.east.data", DumpLocations.For(named, null).DataFile);
    }

    [Fact]
    public void Write_CheckData_Mode0600_APlantedSymlinkReplacedNotFollowed()
    {
        using var dir = new TempFolder();
        var victim = Path.Combine(dir.Path, "victim");
        File.WriteAllText(victim, "keep");
        var writer = new DumpWriter(DumpLocations.For(StatusSamples.FixtureConfig(), dir.Path));
        File.CreateSymbolicLink(writer.Locations.CheckDataFile, victim);
        var path = writer.Write(DumpKind.CheckData, Status());
        Assert.Equal(Path.Combine(dir.Path, "keepalived_check.data"), path);
        Assert.Equal("keep", File.ReadAllText(victim));
        var info = new FileInfo(path);
        Assert.Null(info.LinkTarget);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(CheckDataDump.Format(Status()), File.ReadAllText(path));
    }
}

public class CheckDataDumpVirtualServerLinesTests
{
    [Fact]
    public void Format_ShSchedulerTunnelAndGranularity_KeepalivedsWording()
    {
        var r = KeepalivedSharp.Config.ConfigLoader.LoadText("""
            virtual_server 10.0.0.1 80 {
             lvs_sched sh
             sh-port
             lvs_method TUN type gue port 6080 csum
             protocol UDP
             persistence_timeout 60
             persistence_granularity 255.255.255.0
             real_server 10.0.0.2 80 {
              lvs_method DR
              TCP_CHECK {
              }
             }
             real_server 10.0.0.3 80 {
              lvs_method TUN
              TCP_CHECK {
              }
             }
            }
            """, "/etc/keepalived/keepalived.conf", new KeepalivedSharp.Config.ConfigOptions());
        Assert.True(r.Config is not null, string.Join('\n', r.Diagnostics));
        var dump = CheckDataDump.Format(StatusSamples.EngineStatus(r.Config) with { CheckSettings = CheckSetupBuilder.Build(r.Config) });
        // check_data.c dump_vs: for "sh" the port flag, then the fallback flag; inet_ntop2 of the granularity.
        Assert.Contains("   lvs_sched = sh\n   Hashed = disabled\n   sh-port = enabled\n   sh-fallback = disabled\n", dump, StringComparison.Ordinal);
        Assert.Contains("   persistence timeout = 60\n   persistence granularity = 255.255.255.0\n   protocol = UDP\n", dump, StringComparison.Ordinal);
        // dump_forwarding_method: the GUE line drops its prefix ("default "), as keepalived's does; IPIP keeps it.
        Assert.Contains("\n   forwarding method = TUN, type = GUE, port = 6080, checksum\n", dump, StringComparison.Ordinal);
        Assert.Contains("\n   forwarding method = DR\n", dump, StringComparison.Ordinal);
        Assert.Contains("\n   forwarding method = TUN, type = IPIP\n", dump, StringComparison.Ordinal);
    }
}
