using System.Globalization;
using System.Text.Json;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Cli.Tests.Commands;

/// <summary><c>simulate</c>: the shipped failover example, its JSON form, and scenario errors.</summary>
public sealed class SimulateCommandTests : IDisposable
{
    private static readonly string Example = KsProgram.RepoFile("examples/simulate/failover.scenario");
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Simulate_FailoverExample_PrintsRfcTakeoverTimes()
    {
        var r = KsProgram.Run("simulate", Example);
        Assert.True(r.ExitCode == 0, r.Output);
        var lines = KsProgram.Lines(r.Stdout);
        // advert_int 1: Master_Down_Interval = 3 + (256 - priority) / 256 s (RFC 5798 §6.1), so n1 (100)
        // waits 3.609 s and n2 (90) 3.648 s after the last advert it heard.
        Assert.Equal(
        [
            "t=3.609 n1 VI_1 BACKUP -> MASTER prio=100",   // startup: nobody advertises
            "t=13.258 n2 VI_1 BACKUP -> MASTER prio=90",   // n1 crashed at 10, its last advert at 9.609
            "t=23.609 n1 VI_1 BACKUP -> MASTER prio=100",  // n1 restarted at 20 and preempts
            "t=34.258 n2 VI_1 BACKUP -> MASTER prio=90",   // n1's script fails (fall 2): 80 < 90
            "t=43.867 n1 VI_1 BACKUP -> MASTER prio=100",  // n1 at 100 again preempts
        ], lines.Where(l => l.Contains("-> MASTER", StringComparison.Ordinal)).ToArray());
        Assert.Contains("t=34.258 n1 VI_1 MASTER -> BACKUP prio=80", lines);
        Assert.Contains("t=50.000 n2 VI_1 BACKUP -> STOP prio=90", lines);
        Assert.Equal("t=60.000 holder VI_1 vrid=51: n1", lines[^1]);
    }

    [Fact]
    public void Simulate_Json_PrintsOneObjectPerLineMatchingTheText()
    {
        var text = KsProgram.Lines(KsProgram.Run("simulate", Example).Stdout);
        var r = KsProgram.Run("simulate", Example, "--json");
        Assert.True(r.ExitCode == 0, r.Output);
        var lines = KsProgram.Lines(r.Stdout);
        Assert.Equal(text.Length, lines.Length);

        var masters = new List<string>();
        int announces = 0;
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            var o = doc.RootElement;
            Assert.Equal(JsonValueKind.Object, o.ValueKind);
            Assert.Equal(JsonValueKind.Number, o.GetProperty("t").ValueKind);
            Assert.Equal("VI_1", o.GetProperty("instance").GetString());
            if (o.TryGetProperty("holders", out var holders))
            {
                Assert.Equal(60.0, o.GetProperty("t").GetDouble());
                Assert.Equal(51, o.GetProperty("vrid").GetInt32());
                Assert.Equal("n1", Assert.Single(holders.EnumerateArray()).GetString());
                continue;
            }
            if (o.TryGetProperty("kind", out var kind))
            {
                // Host events: one per gratuitous ARP sent, one per notify script run.
                Assert.Contains(kind.GetString(), new[] { "announce", "notify" });
                Assert.Equal(JsonValueKind.String, o.GetProperty("node").ValueKind);
                if (kind.GetString() == "announce") announces++;
                continue;
            }
            foreach (var key in new[] { "node", "from", "to", "reason" })
                Assert.Equal(JsonValueKind.String, o.GetProperty(key).ValueKind);
            Assert.Equal(JsonValueKind.Number, o.GetProperty("priority").ValueKind);
            if (o.GetProperty("to").GetString() == "MASTER")
                masters.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{o.GetProperty("t").GetDouble():0.000} {o.GetProperty("node").GetString()} {o.GetProperty("priority").GetInt32()}"));
        }
        Assert.Equal(["3.609 n1 100", "13.258 n2 90", "23.609 n1 100", "34.258 n2 90", "43.867 n1 100"], masters);
        Assert.True(announces >= masters.Count, $"{announces} announce lines for {masters.Count} takeovers");
    }

    [Fact]
    public void Simulate_BadScenario_ExitsNonZeroWithFileLineErrors()
    {
        foreach (var conf in new[] { "n1.conf", "n2.conf" })
            File.Copy(KsProgram.RepoFile($"examples/simulate/{conf}"), Path.Combine(_dir.Path, conf));
        var scenario = _dir.Write("bad.scenario", "node n1 n1.conf\nnode n2 n2.conf\nat 10 crash n3\nat soon start n1\nrun 60\n");

        var r = KsProgram.Run("simulate", scenario);

        Assert.NotEqual(0, r.ExitCode);
        Assert.Equal("", r.Stdout);
        var errors = KsProgram.Lines(r.Stderr);
        Assert.Contains(errors, l => l.StartsWith($"{scenario}:3: error: ", StringComparison.Ordinal) && l.Contains("n3", StringComparison.Ordinal));
        Assert.Contains(errors, l => l.StartsWith($"{scenario}:4: error: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Simulate_NodeConfigWithErrors_ExitsNonZeroNamingTheConfigLine()
    {
        File.Copy(KsProgram.RepoFile("examples/simulate/n1.conf"), Path.Combine(_dir.Path, "n1.conf"));
        var broken = _dir.Write("n2.conf", File.ReadAllText(KsProgram.RepoFile("examples/simulate/n2.conf"))
            .Replace("priority 90", "priority 900", StringComparison.Ordinal));
        var scenario = _dir.Write("s.scenario", "node n1 n1.conf\nnode n2 n2.conf\nrun 10\n");
        var line = Array.FindIndex(File.ReadAllLines(broken), l => l.Contains("priority 900", StringComparison.Ordinal)) + 1;

        var r = KsProgram.Run("simulate", scenario);

        Assert.NotEqual(0, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.StartsWith($"{broken}:{line}: error: 'priority'", r.Stderr, StringComparison.Ordinal);
    }
}
