using KeepalivedSharp.Lab;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Cli.Tests.Commands;

/// <summary><c>-t</c>: keepalived's exit codes (0 valid, 4 missing file, 5 errors) and file:line diagnostics.</summary>
[Trait("Category", "Root")]
public sealed class ConfigTestCommandTests(Eth0Lab lab) : IClassFixture<Eth0Lab>, IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Instance(string name, string vrid, int vipHost, string priority = "100") => $$"""
        vrrp_instance {{name}} {
            state BACKUP
            interface eth0
            virtual_router_id {{vrid}}
            priority {{priority}}
            advert_int 1
            virtual_ipaddress {
                10.0.0.{{vipHost}}/24
            }
        }

        """;

    [Fact]
    public void ConfigTest_ValidFile_ExitsZeroWithoutDiagnostics()
    {
        var conf = _dir.Write("keepalived.conf", "global_defs {\n    router_id cli_test\n}\n" + Instance("VI_1", "51", 1) + Instance("VI_2", "52", 2));
        var r = KsProgram.RunIn(lab.Namespace, "-t", "-f", conf);
        Assert.True(r.ExitCode == 0, r.Output);
        Assert.DoesNotContain("error", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigTest_ErrorsInFileAndInclude_Exits5WithFileLineErrorsInFileOrder()
    {
        // Lines 1-10: VI_1 with a bad vrid on line 4; line 11: include; lines 12-21: VI_3 with a bad priority on line 16.
        var main = _dir.Write("keepalived.conf",
            Instance("VI_1", "300", 1) + "include conf.d/vi2.conf\n" + Instance("VI_3", "3", 3, priority: "999"));
        // The included file's own line 6: advert_int is not a number.
        var inc = _dir.Write("conf.d/vi2.conf", Instance("VI_2", "2", 2).Replace("advert_int 1", "advert_int abc", StringComparison.Ordinal));

        var r = KsProgram.RunIn(lab.Namespace, "-t", "-f", main);

        Assert.True(r.ExitCode == 5, r.Output);
        var errors = KsProgram.Lines(r.Stderr).Where(l => l.Contains(": error: ", StringComparison.Ordinal)).ToArray();
        Assert.Collection(errors,
            l => Assert.StartsWith($"{main}:4: error: 'virtual_router_id'", l, StringComparison.Ordinal),
            l => Assert.StartsWith($"{inc}:6: error: 'advert_int'", l, StringComparison.Ordinal),
            l => Assert.StartsWith($"{main}:16: error: 'priority'", l, StringComparison.Ordinal));
    }

    [Fact]
    public void ConfigTest_IncludedFifoAndExecutableFile_SkippedAtTheirIncludeLinesAsKeepalivedDoes()
    {
        // Before: open(2) of a FIFO with no writer blocked -t (and the daemon's start and reload) for good.
        var fifo = Path.Combine(_dir.Path, "fifo.conf");
        Assert.Equal(0, LabShell.Run("mkfifo", ["-m", "600", fifo], KsProgram.Timeout).ExitCode);
        var exe = _dir.Write("exe.conf", Instance("VI_9", "300", 9));
        Assert.Equal(0, LabShell.Run("chmod", ["700", exe], KsProgram.Timeout).ExitCode);
        var main = _dir.Write("keepalived.conf", Instance("VI_1", "51", 1) + $"include {fifo}\ninclude {exe}\n");

        var ours = KsProgram.RunIn(lab.Namespace, "-t", "-f", main);
        var theirs = NamespaceLab.Run(lab.Namespace, KsProgram.Timeout, "keepalived", "-t", "-n", "-l", "-f", main);

        Assert.True(ours.ExitCode == 0 && theirs.ExitCode == 0, $"ours {ours.ExitCode}:\n{ours.Output}\nkeepalived {theirs.ExitCode}:\n{theirs.Output}");
        Assert.Contains($"Configuration file '{fifo}' is not a regular non-executable file - skipping", theirs.Output, StringComparison.Ordinal);
        var warnings = KsProgram.Lines(ours.Stderr).Where(l => l.Contains("is not a regular non-executable file", StringComparison.Ordinal)).ToArray();
        Assert.Collection(warnings,
            l => Assert.StartsWith($"{main}:11: warning: Configuration file '{fifo}'", l, StringComparison.Ordinal),
            l => Assert.StartsWith($"{main}:12: warning: Configuration file '{exe}'", l, StringComparison.Ordinal));
    }

    /// <summary>Issue 12: what the nftables backend does differently from IPVS is a warning at the virtual_server's line, never silent.</summary>
    [Fact]
    public void ConfigTest_NftablesBackend_WarnsOfEachFallbackAtTheVirtualServersLine_ExitZero()
    {
        // Line 1: virtual_server; wlc (keepalived's default scheduler); real servers by DR.
        var conf = _dir.Write("keepalived.conf", """
            virtual_server 10.0.0.100 80 {
                lb_algo wlc
                lb_kind DR
                protocol TCP
                real_server 10.0.0.2 80 {
                    TCP_CHECK {
                    }
                }
            }
            """);
        var r = KsProgram.RunIn(lab.Namespace, "-t", "-f", conf, "--lb-backend", "nftables");
        Assert.True(r.ExitCode == 0, r.Output);
        var warnings = KsProgram.Lines(r.Stderr).Where(l => l.Contains("nftables backend", StringComparison.Ordinal)).ToArray();
        Assert.Collection(warnings,
            l => Assert.StartsWith($"{conf}:1: warning: nftables backend: VS [10.0.0.100]:tcp:80: wlc", l, StringComparison.Ordinal),
            l => Assert.Equal($"{conf}:1: warning: nftables backend: VS [10.0.0.100]:tcp:80: only NAT is supported: DR and TUN real servers get DNAT, so their replies must route back through this host", l));
        // The IPVS backend does both natively: nothing to warn of.
        var ipvs = KsProgram.RunIn(lab.Namespace, "-t", "-f", conf, "--lb-backend", "ipvs");
        Assert.DoesNotContain("backend", ipvs.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigTest_MissingFile_Exits4NamingTheFile()
    {
        var missing = Path.Combine(_dir.Path, "absent.conf");
        var r = KsProgram.Run("-t", "-f", missing);
        Assert.Equal(4, r.ExitCode);
        Assert.StartsWith($"{missing}:", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("error:", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigTest_LogFileArgument_WritesDiagnosticsThere()
    {
        var conf = _dir.Write("keepalived.conf", Instance("VI_1", "300", 1));
        var log = Path.Combine(_dir.Path, "check.log");
        var r = KsProgram.RunIn(lab.Namespace, $"--config-test={log}", "-f", conf);
        Assert.Equal(5, r.ExitCode);
        Assert.StartsWith($"{conf}:4: error: ", File.ReadAllText(log), StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigTest_ConfigId_SelectsOnlyMatchingConditionalLines()
    {
        // Valid only for id "good": "bad" gets an out-of-range vrid, any other id gets none at all.
        var conf = _dir.Write("keepalived.conf", """
            vrrp_instance VI_1 {
                interface eth0
            @good virtual_router_id 10
            @bad virtual_router_id 999
                priority 100
                virtual_ipaddress {
                    10.0.0.1/24
                }
            }
            """);

        var good = KsProgram.RunIn(lab.Namespace, "-t", "-i", "good", "-f", conf);
        Assert.True(good.ExitCode == 0, good.Output);

        var bad = KsProgram.RunIn(lab.Namespace, "-t", "--config-id", "bad", "-f", conf);
        Assert.Equal(5, bad.ExitCode);
        Assert.StartsWith($"{conf}:4: error: 'virtual_router_id'", bad.Stderr, StringComparison.Ordinal);

        var other = KsProgram.RunIn(lab.Namespace, "-t", "-i", "other", "-f", conf);
        Assert.Equal(5, other.ExitCode);
        Assert.Contains("virtual_router_id", other.Stderr, StringComparison.Ordinal);
    }
}
