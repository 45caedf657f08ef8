using KeepalivedSharp.Lab;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Daemon.Tests.Daemon;

/// <summary>Status, metrics and dumps of the running daemon, checked against what is on the wire and on disk.</summary>
[Trait("Category", "Root")]
[Trait("Category", "Root")]
[Collection(nameof(NamespaceTests))]
public partial class OperationsTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public void StatusJson_MatchesTheWire()
    {
        var v = InteropVariant.V2;
        using var lab = new InteropLab();
        using var ours = lab.OursMaster(v.Config(1, 2, 150));
        using var keepalived = lab.KeepalivedBackup(v.Config(2, 1, 100));
        using var capture = PacketCapture.Start(lab.Lab, lab.Peer, "eth0", 1, "ip proto 112 and src 10.0.0.1");
        var advert = Assert.Single(capture.Wait(TimeSpan.FromSeconds(5)));

        using var doc = ours.StatusJson();
        var instance = doc.RootElement.GetProperty("instances")[0];
        Assert.Equal("VI_1", instance.GetProperty("name").GetString());
        Assert.Equal("MASTER", instance.GetProperty("state").GetString());
        Assert.Equal(51, instance.GetProperty("vrid").GetInt32());
        int effective = instance.GetProperty("effective_priority").GetInt32();
        Assert.Contains($"prio {effective}", advert.Text, StringComparison.Ordinal);
        Assert.Equal("10.0.0.1", instance.GetProperty("master_address").GetString());
        Assert.StartsWith(v.VipWithPrefix, instance.GetProperty("virtual_addresses")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains(v.Vip, advert.Text, StringComparison.Ordinal);
        Assert.True(instance.GetProperty("counters").GetProperty("advert_sent").GetInt64() > 0);
    }

    [Fact]
    public void MetricsScrape_IsValidPrometheusText()
    {
        var v = InteropVariant.V2;
        using var lab = new InteropLab();
        using var ours = lab.OursMaster(v.Config(1, 2, 150), "--metrics", "127.0.0.1:9650");
        var scrape = NamespaceLab.Run(lab.Ours, TimeSpan.FromSeconds(20), "/usr/bin/python3", "-c",
            "import urllib.request; print(urllib.request.urlopen('http://127.0.0.1:9650/metrics', timeout=10).read().decode(), end='')");
        Assert.True(scrape.ExitCode == 0, scrape.Output);
        var samples = 0;
        foreach (var line in scrape.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith('#'))
            {
                Assert.Matches(CommentLine(), line);
                continue;
            }
            var m = SampleLine().Match(line);
            Assert.True(m.Success, $"not a Prometheus sample: {line}");
            Assert.True(double.TryParse(m.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) || m.Groups["value"].Value is "NaN" or "+Inf" or "-Inf", line);
            samples++;
        }
        Assert.True(samples > 5, scrape.Stdout);
        Assert.Matches(@"keepalived_vrrp_state\{[^}]*iname=""VI_1""[^}]*\} 2", scrape.Stdout);
    }

    [Fact]
    public void JsonDumpSignal_PlantedSymlinkTargetUntouched_File0600()
    {
        var v = InteropVariant.V2;
        using var lab = new InteropLab();
        using var dir = new TempFolder();
        var victim = dir.Write("victim", "do not touch\n");
        File.CreateSymbolicLink(Path.Combine(dir.Path, "keepalived.json"), victim);
        using var ours = OurDaemon.StartWith(lab.Lab, lab.Ours, v.Config(1, 2, 150), [$"TMPDIR={dir.Path}"]);
        ours.Process.WaitForLine(@"\(VI_1\) Entering MASTER STATE", Bound);
        int mark = ours.Process.LineCount;
        ours.Process.Signal("36"); // keepalived's JSON signal (SIGRTMIN+2)
        ours.Process.WaitForLine("Writing dump .*keepalived\\.json", Bound, mark);
        var dump = Path.Combine(dir.Path, "keepalived.json");
        Assert.Equal("do not touch\n", File.ReadAllText(victim));
        Assert.Null(new FileInfo(dump).LinkTarget);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(dump));
        using var json = JsonDocument.Parse(File.ReadAllText(dump));
        Assert.Equal("VI_1", json.RootElement[0].GetProperty("data").GetProperty("iname").GetString());
    }

    [GeneratedRegex(@"^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$")]
    private static partial Regex CommentLine();

    [GeneratedRegex(@"^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*=""([^""\\]|\\.)*"",?)*\})? (?<value>\S+)( -?\d+)?$")]
    private static partial Regex SampleLine();
}
