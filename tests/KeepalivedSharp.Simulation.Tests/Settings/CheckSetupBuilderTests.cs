using System.Net;
using KeepalivedSharp.Config;
using KeepalivedSharp.Core.Check;
using KeepalivedSharp.Settings;

namespace KeepalivedSharp.Simulation.Tests.Settings;

/// <summary>The check engine's settings from the config: inheritance and keepalived 2.2.7's per-type defaults.</summary>
public class CheckSetupBuilderTests
{
    private const string Head = "virtual_server 10.0.0.1 80 {\n lvs_sched rr\n lvs_method NAT\n protocol TCP\n";

    private static CheckSetup Build(string text)
    {
        var r = ConfigLoader.LoadText(text, "/etc/keepalived/check-test.conf", new ConfigOptions { ConfigId = "n" });
        Assert.True(r.Config is not null, string.Join("\n", r.Diagnostics));
        return EngineSetupBuilder.Build(r.Config, (_, _) => null).Check;
    }

    private static CheckerSettings Only(string vs, string rs, string checker) =>
        Build($"{Head}{vs} real_server 10.0.0.2 80 {{\n{rs}  {checker}\n }}\n}}\n").VirtualServers.Single().RealServers.Single().Checkers.Single();

    [Theory]
    [InlineData("TCP_CHECK {\n }", CheckerKind.Tcp, 1, 1.0)]
    [InlineData("HTTP_GET {\n url {\n path /\n }\n }", CheckerKind.Http, 1, 3.0)]
    [InlineData("SSL_GET {\n url {\n path /\n }\n }", CheckerKind.Ssl, 1, 3.0)]
    [InlineData("DNS_CHECK {\n }", CheckerKind.Dns, 3, 60.0)]
    [InlineData("MISC_CHECK {\n misc_path /bin/true\n }", CheckerKind.Misc, 0, 1.0)]
    [InlineData("SMTP_CHECK {\n }", CheckerKind.Smtp, 1, 1.0)]
    [InlineData("PING_CHECK {\n }", CheckerKind.Ping, 1, 1.0)]
    [InlineData("UDP_CHECK {\n }", CheckerKind.Udp, 1, 1.0)]
    public void TypeDefaults_WhenNothingIsSet(string checker, CheckerKind kind, int retry, double delayBeforeRetry)
    {
        var c = Only("", "", checker);
        Assert.Equal(kind, c.Kind);
        Assert.Equal(TimeSpan.FromSeconds(60), c.DelayLoop);
        Assert.Equal(retry, c.Retry);
        // DNS has no default delay_before_retry: it takes the delay_loop.
        Assert.Equal(TimeSpan.FromSeconds(delayBeforeRetry), c.DelayBeforeRetry);
        Assert.Equal(c.DelayLoop, c.Warmup);
        Assert.False(c.Alpha);
    }

    [Fact]
    public void Inheritance_CheckerThenRealServerThenVirtualServer()
    {
        var vs = " delay_loop 10\n retry 4\n delay_before_retry 7\n connect_timeout 9\n alpha\n";
        Assert.Equal((TimeSpan.FromSeconds(10), 4, TimeSpan.FromSeconds(7), true), Tuple(Only(vs, "", "TCP_CHECK {\n }")));
        var rs = "  delay_loop 20\n  retry 5\n  delay_before_retry 8\n  alpha off\n";
        Assert.Equal((TimeSpan.FromSeconds(20), 5, TimeSpan.FromSeconds(8), false), Tuple(Only(vs, rs, "TCP_CHECK {\n }")));
        var c = Only(vs, rs, "TCP_CHECK {\n delay_loop 30\n retry 0\n delay_before_retry 0.5\n alpha\n connect_timeout 2\n }");
        Assert.Equal((TimeSpan.FromSeconds(30), 0, TimeSpan.FromMilliseconds(500), true), Tuple(c));
        // The engine's backstop is the probe's budget (connect_timeout + 250 ms for TCP) plus 1 s.
        Assert.Equal(TimeSpan.FromSeconds(3.25), c.ProbeLimit);
        Assert.Equal(TimeSpan.FromSeconds(10.25), Only(vs, rs, "TCP_CHECK {\n }").ProbeLimit);
    }

    /// <summary>
    /// A real server's port that validation clears (fwmark, DR/TUN) or resets (DR/TUN, another port) is still where
    /// its checkers connect: keepalived copies the address into each checker as it parses it (check_api.c
    /// queue_checker). Seen in the IPVS VM (IpvsMatrixVmTests): ours probed port 0 and took the server out.
    /// </summary>
    [Theory]
    [InlineData("virtual_server fwmark 7 {\n lvs_method DR\n", 80, 0)]
    [InlineData("virtual_server 10.0.0.1 80 {\n lvs_method TUN\n protocol TCP\n", 8080, 80)]
    public void CheckersConnectToTheWrittenPort_WhenValidationChangesIt(string head, int written, int table)
    {
        var vs = Build($"{head} real_server 10.0.0.2 {written} {{\n  TCP_CHECK {{\n  }}\n }}\n}}\n").VirtualServers.Single();
        var rs = vs.RealServers.Single();
        Assert.Equal(table, rs.Endpoint.Port);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.0.0.2"), written), ((CheckProbe)rs.Checkers.Single().Probe!).Target);
    }

    private static (TimeSpan, int, TimeSpan, bool) Tuple(CheckerSettings c) => (c.DelayLoop, c.Retry, c.DelayBeforeRetry, c.Alpha);

    [Fact]
    public void Warmup_RealServerWins_ElseTheCheckersOwnDelayLoop()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), Only(" warmup 9\n", "  warmup 5\n", "TCP_CHECK {\n delay_loop 30\n }").Warmup);
        Assert.Equal(TimeSpan.FromSeconds(30), Only("", "", "TCP_CHECK {\n delay_loop 30\n }").Warmup);
    }

    [Fact]
    public void Misc_TimeoutDefaultsToTheVirtualServersDelayLoop_AndNeverAlphaForFile()
    {
        var misc = (CheckProbe)Only(" delay_loop 15\n", "  delay_loop 40\n", "MISC_CHECK {\n misc_path /bin/true\n }").Probe!;
        Assert.Equal(TimeSpan.FromSeconds(15), misc.MiscTimeout);
        Assert.Equal(TimeSpan.FromSeconds(17), misc.Budget);
        var file = Build($"track_file tf {{\n file /nonexistent/w\n weight 4 reverse\n}}\n{Head} alpha\n real_server 10.0.0.2 80 {{\n  FILE_CHECK {{\n   track_file tf\n  }}\n }}\n}}\n")
            .VirtualServers.Single().RealServers.Single().Checkers.Single();
        Assert.Equal((CheckerKind.File, false, 4, true), (file.Kind, file.Alpha, file.FileWeight, file.FileReverse));
    }

    [Fact]
    public void RealServer_WeightInhibitAndForwarding_FromTheVirtualServer()
    {
        var s = Build($"virtual_server 10.0.0.1 80 {{\n lvs_sched wrr\n lvs_method DR\n protocol TCP\n weight 3\n inhibit_on_failure\n persistence_timeout 30\n"
            + " sorry_server 10.0.0.9 80\n real_server 10.0.0.2 80 {\n }\n real_server 10.0.0.3 80 {\n  weight 0\n  inhibit_on_failure off\n  lvs_method NAT\n }\n}\n")
            .VirtualServers.Single();
        Assert.Equal("[10.0.0.1]:tcp:80", s.Id);
        Assert.Equal(ServiceKey.ForAddress(LbProtocol.Tcp, IPAddress.Parse("10.0.0.1"), 80), s.Services.Single());
        Assert.Equal(("wrr", 30u, 1u), (s.Options.Scheduler, s.Options.PersistenceTimeout, s.Options.Flags & 1));
        Assert.Equal((3, true, ForwardMethod.DirectRoute), (s.RealServers[0].Weight, s.RealServers[0].InhibitOnFailure, s.RealServers[0].Options.Method));
        Assert.Equal((0, false, ForwardMethod.Masquerade), (s.RealServers[1].Weight, s.RealServers[1].InhibitOnFailure, s.RealServers[1].Options.Method));
        Assert.Equal((1, ForwardMethod.DirectRoute), (s.SorryServer!.Weight, s.SorryServer.Options.Method));
        Assert.Empty(s.RealServers[0].Checkers);
    }

    [Fact]
    public void Group_OneServicePerAddressAndPort_PlusOnePerFwmark_IdsNumberedPerGroup()
    {
        var s = Build("virtual_server_group G {\n 10.0.0.1-3 80\n 10.0.1.0/31 80\n fwmark 5\n}\n"
            + "virtual_server group G {\n lvs_sched rr\n lvs_method NAT\n protocol TCP\n real_server 10.0.0.9 80 {\n }\n}\n"
            + "virtual_server group G {\n lvs_sched rr\n lvs_method NAT\n protocol UDP\n real_server 10.0.0.9 80 {\n }\n}\n").VirtualServers;
        Assert.Equal(["[G]:0", "[G]:1"], s.Select(v => v.Id));
        Assert.Equal(6, s[0].Services.Length);
        Assert.Equal(5, s[0].Services.Count(k => !k.IsFwmark));
        Assert.Contains(ServiceKey.ForFwmark(5), s[0].Services);
        Assert.All(s[1].Services.Where(k => !k.IsFwmark), k => Assert.Equal(LbProtocol.Udp, k.Protocol));
    }

    [Fact]
    public void Probe_EqualAcrossLoadsWhenOnlyLinesMove_SoReloadKeepsState()
    {
        var body = " real_server 10.0.0.2 80 {\n  HTTP_GET {\n   url {\n    path /\n    status_code 200-204\n   }\n  }\n  UDP_CHECK {\n   payload 0102\n  }\n }\n}\n";
        var a = Build(Head + body).VirtualServers.Single().RealServers.Single().Checkers;
        var b = Build("\n\n" + Head + body).VirtualServers.Single().RealServers.Single().Checkers;
        Assert.Equal(((CheckProbe)a[0].Probe!).Signature(), ((CheckProbe)b[0].Probe!).Signature());
        Assert.Equal(((CheckProbe)a[1].Probe!).Signature(), ((CheckProbe)b[1].Probe!).Signature());
        Assert.True(a.SequenceEqual(b), "equal checkers compare equal (the engine's reload migration)");
        var c = Build(Head + body.Replace("200-204", "200-205", StringComparison.Ordinal)).VirtualServers.Single().RealServers.Single().Checkers;
        Assert.NotEqual(a[0], c[0]);
    }

    [Fact]
    public void Engine_BuildsFromTheSetup_AndStartsWithTheServersIn()
    {
        var setup = Build(Head + " real_server 10.0.0.2 80 {\n  TCP_CHECK {\n  }\n }\n}\n");
        var engine = setup.CreateEngine(1);
        engine.Start(TimeSpan.Zero, []);
        Assert.Equal(1, engine.Table.DestinationCount);
    }
}
