using KeepalivedSharp.Config.Schema;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Config.Tests.Schema;

/// <summary>
/// Keywords accepted with no effect warn at their line with the reason, and docs/config-reference.md's "not yet"
/// rows are exactly those keywords, each with that reason.
/// </summary>
public class NoEffectKeywordTests
{
    /// <summary>"not yet" rows that warn elsewhere, with more to say: the BFD checker names what it waits for.</summary>
    private static readonly HashSet<(string, string)> WarnedElsewhere = [("BFD_CHECK", "name"), ("BFD_CHECK", "alpha")];

    [Fact]
    public void Load_NoEffectKeywords_WarnAtTheirLinesWithTheReason_VerdictUnchanged()
    {
        var r = ConfText.Load("global_defs {\n vrrp_iptables\n enable_snmp_vrrp\n}\n" + ConfText.Instance(" old_unicast_checksum\n promote_secondaries"));
        Assert.Empty(r.Errors);
        AssertWarning(r, 2, "'vrrp_iptables' in global_defs has no effect in keepalived-sharp: iptables and ipsets are not supported");
        AssertWarning(r, 3, "'enable_snmp_vrrp' in global_defs has no effect in keepalived-sharp: no SNMP agent yet");
        var old = r.Warnings.Single(d => d.Message.StartsWith("'old_unicast_checksum'", StringComparison.Ordinal));
        Assert.Equal("'old_unicast_checksum' in vrrp_instance has no effect in keepalived-sharp: unicast adverts carry the RFC checksum", old.Message);
        Assert.False(old.FailsConfigTest);
        Assert.Single(r.Warnings, d => d.Message.StartsWith("'promote_secondaries'", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_NoEffectBlock_WarnsOnceAtTheBlock()
    {
        var r = ConfText.Load("garp_group {\n garp_interval 5\n interface eth0\n}\n" + ConfText.Instance());
        Assert.Empty(r.Errors);
        var w = Assert.Single(r.Warnings);
        Assert.Equal(1, w.Location.Line);
        Assert.StartsWith("'garp_group' at top level has no effect in keepalived-sharp: ", w.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ActingKeywords_NoNoEffectWarning()
    {
        var r = ConfText.Load("global_defs {\n nftables\n vrrp_garp_extra_if 5\n}\n" + ConfText.Instance(" garp_master_delay 1"));
        Assert.DoesNotContain(r.Warnings, d => d.Message.Contains("has no effect", StringComparison.Ordinal));
    }

    [Fact]
    public void Table_EveryKeywordIsOneOfItsBlock()
    {
        var blocks = Blocks(Keywords.Root).ToLookup(b => b.Name, StringComparer.Ordinal);
        foreach (var (block, keyword, _) in NoEffectKeywords.All)
            Assert.True(blocks[block].Any(schema => schema.TryGet(keyword, out _)), $"{block}: {keyword} is no keyword of it");
    }

    [Fact]
    public void ConfigReference_NotYetRows_AreTheNoEffectKeywordsWithTheirReasons()
    {
        var rows = NotYetRows(File.ReadAllLines(RepoPaths.File("docs/config-reference.md")));
        var table = NoEffectKeywords.All.ToDictionary(e => (e.Block, e.Keyword), e => e.Reason);
        foreach (var ((block, keyword), support) in rows)
        {
            if (NoEffectKeywords.CoveredByBlock(block) || WarnedElsewhere.Contains((block, keyword))) continue;
            Assert.True(table.TryGetValue((block, keyword), out var reason), $"the reference says {block}: {keyword} is not yet supported, but it does not warn");
            Assert.True(support.Contains(reason, StringComparison.Ordinal), $"{block}: {keyword}: the reference's '{support}' does not give the reason '{reason}'");
        }
        foreach (var (block, keyword, _) in NoEffectKeywords.All)
            Assert.True(rows.ContainsKey((block, keyword)), $"{block}: {keyword} warns, but the reference has no 'not yet' row for it");
    }

    private static void AssertWarning(ConfigResult r, int line, string start)
        => Assert.Contains(r.Warnings, d => d.Location.Line == line && d.Message.StartsWith(start, StringComparison.Ordinal));

    private static IEnumerable<BlockSchema> Blocks(BlockSchema schema)
    {
        yield return schema;
        foreach (var sub in schema.Keywords.Values.Where(s => s.Sub is not null).Select(s => s.Sub!).Distinct())
            foreach (var b in Blocks(sub)) yield return b;
    }

    /// <summary>(block, keyword) to the support column, for each row of a "### block" section under "## Keywords per block" whose support starts with "not yet".</summary>
    private static Dictionary<(string, string), string> NotYetRows(string[] lines)
    {
        var rows = new Dictionary<(string, string), string>();
        string? block = null;
        var perBlock = false;
        foreach (var line in lines)
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                perBlock = line == "## Keywords per block";
                block = null;
            }
            else if (perBlock && line.StartsWith("### ", StringComparison.Ordinal))
                block = line[4..].StartsWith("`top level`", StringComparison.Ordinal) ? "top level" : line[4..].Split(' ')[0].Trim('`');
            else if (block is not null && line.StartsWith("| `", StringComparison.Ordinal))
            {
                var cols = line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
                if (cols.Length >= 3 && cols[2].StartsWith("not yet", StringComparison.Ordinal)) rows[(block, cols[0].Trim('`'))] = cols[2];
            }
        }
        return rows;
    }
}
