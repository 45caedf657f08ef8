using KeepalivedSharp.Operations.Dumps;

namespace KeepalivedSharp.Operations.Tests.Operations.Dumps;

public class DataDumpTests
{
    /// <summary>"key = value" lines of each instance block of the VRRP Topology section.</summary>
    private static Dictionary<string, List<string>> Instances(string dump)
    {
        var result = new Dictionary<string, List<string>>();
        List<string>? current = null;
        var inTopology = false;
        foreach (var line in dump.Split('\n'))
        {
            if (line.StartsWith("------<", StringComparison.Ordinal)) { inTopology = line.Contains("VRRP Topology", StringComparison.Ordinal); current = null; continue; }
            if (!inTopology) continue;
            if (line.StartsWith(" VRRP Instance = ", StringComparison.Ordinal)) result[line[17..]] = current = [];
            else current?.Add(line);
        }
        return result;
    }

    [Theory]
    [InlineData("   State = ")]
    [InlineData("   Wantstate = ")]
    [InlineData("   Interface = ")]
    [InlineData("   Virtual Router ID = ")]
    [InlineData("   Gratuitous ARP delay = ")]
    [InlineData("   Priority = ")]
    [InlineData("   Effective priority = ")]
    [InlineData("   Advert interval = ")]
    [InlineData("   Preempt = ")]
    [InlineData("   Authentication type = ")]
    [InlineData("   Master down timer = ")]
    [InlineData("   Flags: ")]
    public void Format_SameSituationAsKeepalived_SameLine(string key)
    {
        var theirs = Instances(StatusSamples.Fixture("keepalived.data"));
        var ours = Instances(DataDump.Format(StatusSamples.FixtureStatus()));
        foreach (var (name, lines) in theirs)
            Assert.Equal(lines.Where(l => l.StartsWith(key, StringComparison.Ordinal)), ours[name].Where(l => l.StartsWith(key, StringComparison.Ordinal)));
    }

    [Fact]
    public void Format_VirtualAddresses_SameBlockAsKeepalived()
    {
        var theirs = Instances(StatusSamples.Fixture("keepalived.data"));
        var ours = Instances(DataDump.Format(StatusSamples.FixtureStatus()));
        foreach (var (name, lines) in theirs)
        {
            var at = lines.FindIndex(l => l.StartsWith("   Virtual IP (", StringComparison.Ordinal));
            var block = lines.Skip(at).TakeWhile((l, k) => k == 0 || l.StartsWith("     ", StringComparison.Ordinal));
            var oat = ours[name].FindIndex(l => l.StartsWith("   Virtual IP (", StringComparison.Ordinal));
            Assert.Equal(block, ours[name].Skip(oat).TakeWhile((l, k) => k == 0 || l.StartsWith("     ", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public void Format_EveryOurLine_IsAKeepalivedLineOrATimeLine()
    {
        // Whatever we print in an instance block keepalived printed too (time-dependent values aside).
        var theirs = Instances(StatusSamples.Fixture("keepalived.data"));
        var ours = Instances(DataDump.Format(StatusSamples.FixtureStatus()));
        foreach (var (name, lines) in ours)
        {
            foreach (var l in lines.Where(l => !l.StartsWith("   Last transition", StringComparison.Ordinal) && !l.StartsWith("   Master router", StringComparison.Ordinal)))
                Assert.Contains(l, theirs[name]);
        }
    }
}
