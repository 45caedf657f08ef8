using KeepalivedSharp.Simulation.Scenarios;

namespace KeepalivedSharp.Simulation.Tests.Scenarios;

public class ScenarioParserTests
{
    [Fact]
    public void Parse_FullExample_ReadsEveryDirective()
    {
        var (s, errors) = ScenarioParser.Parse("""
            node n1 n1.conf         # a node
            node n2 n2.conf main
            node n3 n3.conf
            link n1 n2 delay 1ms loss 0%
            at 5.5 crash n1
            at 9 start n1
            at 12 stop n2
            at 20 script n2 chk fail
            at 25 link-down n1 eth0
            at 30 partition n1 / n2 n3
            at 35 heal
            run 60
            """, "/tmp/x.scenario");
        Assert.Empty(errors);
        Assert.Equal(3, s!.Nodes.Length);
        Assert.Equal("main", s.Nodes[1].ConfigId);
        Assert.Equal(TimeSpan.FromMilliseconds(1), s.Links[0].Delay);
        Assert.Equal(7, s.Events.Length);
        Assert.Equal([["n1"], ["n2", "n3"]], s.Events[5].Sides.Select(x => x.ToArray()).ToArray());
        Assert.Equal(TimeSpan.FromSeconds(60), s.RunUntil);
    }

    [Theory]
    [InlineData("node n1 a.conf\nfly away\nrun 5", 2, "unknown directive 'fly'")]
    [InlineData("node n1 a.conf\nat x crash n1\nrun 5", 2, "expected: at SECONDS")]
    [InlineData("node n1 a.conf\nat 1 crash n9\nrun 5", 2, "unknown node 'n9'")]
    [InlineData("node n1 a.conf\nlink n1 n1 delay soon\nrun 5", 2, "bad link option")]
    [InlineData("node n1 a.conf\nat 1 script n1 chk maybe\nrun 5", 2, "expected: at T script")]
    [InlineData("node n1 a.conf\nnode n1 b.conf\nrun 5", 2, "already defined")]
    [InlineData("node n1 a.conf\n", 2, "missing 'run SECONDS'")]
    public void Parse_BadLine_ReportsFileAndLine(string text, int line, string message)
    {
        var (s, errors) = ScenarioParser.Parse(text, "/tmp/bad.scenario");
        Assert.Null(s);
        var e = errors.First();
        Assert.Equal(line, e.Location.Line);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.StartsWith($"/tmp/bad.scenario:{line}: error: ", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingConfigFile_RunReportsItsPath()
    {
        var (s, _) = ScenarioParser.Parse("node n1 does-not-exist.conf\nrun 5\n", "/tmp/missing.scenario");
        var r = ScenarioRunner.Run(s!);
        Assert.Contains(r.Diagnostics, d => d.Severity == Config.Severity.Error && d.Location.File.EndsWith("does-not-exist.conf", StringComparison.Ordinal));
    }
}
