using CsCheck;
using KeepalivedSharp.Config.Binding;
using KeepalivedSharp.Config.Schema;

namespace KeepalivedSharp.Config.Tests.Schema;

/// <summary>"Did you mean" costs a bounded amount of work per diagnostic and still finds what the full search finds.</summary>
public class SuggestionBoundTests
{
    private static readonly BlockSchema[] Schemas = [Keywords.Root, Keywords.GlobalDefs, Keywords.VrrpInstance, Keywords.VirtualServer];

    /// <summary>The search as it was: full optimal-string-alignment distance to every keyword, the first nearest in ordinal order.</summary>
    private static string? Reference(BlockSchema schema, string word)
    {
        if (word.Length > 256) return null;
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var k in schema.Keywords.Keys.Order(StringComparer.Ordinal))
        {
            var d = FullDistance(word, k);
            if (d < bestDistance) (best, bestDistance) = (k, d);
        }
        return bestDistance <= Math.Max(2, word.Length / 3) ? best : null;
    }

    private static int FullDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
            {
                var v = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) v = Math.Min(v, d[i - 2, j - 2] + 1);
                d[i, j] = v;
            }
        return d[a.Length, b.Length];
    }

    /// <summary>A keyword of the schema with up to four random edits (insert, delete, replace, swap), or a random word.</summary>
    private static Gen<(BlockSchema Schema, string Word)> Words =>
        from schema in Gen.Int[0, Schemas.Length - 1].Select(i => Schemas[i])
        from keyword in Gen.Int[0, schema.Keywords.Count - 1].Select(i => schema.Keywords.Keys[i])
        from edits in Gen.Select(Gen.Int[0, 3], Gen.Int[0, 60], Gen.Char["_abcdeinprtvx0"]).Array[0, 4]
        from random in Gen.String[Gen.Char["_abcdeinprtvx"], 0, 30]
        from useRandom in Gen.Int[0, 5]
        select (schema, useRandom == 0 ? random : Edit(keyword, edits));

    private static string Edit(string word, (int Kind, int At, char C)[] edits)
    {
        var s = new System.Text.StringBuilder(word);
        foreach (var (kind, at, c) in edits)
        {
            var i = s.Length == 0 ? 0 : at % s.Length;
            switch (kind)
            {
                case 0: s.Insert(i, c); break;
                case 1 when s.Length > 0: s.Remove(i, 1); break;
                case 2 when s.Length > 0: s[i] = c; break;
                case 3 when i + 1 < s.Length: (s[i], s[i + 1]) = (s[i + 1], s[i]); break;
            }
        }
        return s.ToString();
    }

    [Fact]
    public void Suggest_AnyWord_SameAsFullSearchWithinTheBandBound()
        => Words.Sample(x =>
        {
            long cells = 0;
            var got = x.Schema.Suggest(x.Word, ref cells);
            Assert.Equal(Reference(x.Schema, x.Word), got);
            // Each keyword costs at most (length + 1) rows of the band 2 * bound + 1.
            var bound = Math.Max(2, x.Word.Length / 3);
            Assert.True(cells <= (long)x.Schema.Keywords.Count * (x.Word.Length + 1) * (2 * bound + 1), $"{cells} cells for '{x.Word}'");
        }, iter: 3000);

    [Fact]
    public void Load_ThousandsOfUnknownKeywords_SearchesOnlyForTheDiagnosticsKept()
    {
        var text = string.Concat(Enumerable.Range(0, 5000).Select(i => $"unknown_keyword_{i} value\n"));
        var stats = new LoadStatistics();
        var r = ConfigLoader.Run(ConfText.File, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), new ConfigOptions { ConfigId = "n" }, null, stats);

        Assert.Equal(5000, r.ErrorCount);
        Assert.Equal(ConfigOptions.Default.MaxDiagnostics, r.Diagnostics.Length);
        Assert.Equal(5000 - r.Diagnostics.Length, r.NotShown);
        Assert.Null(r.Config);
        // One search per kept diagnostic, none for those only counted, each within the band bound.
        Assert.Equal(r.Diagnostics.Length, stats.Suggestions);
        var perSearch = (long)Keywords.Root.Keywords.Count * ("unknown_keyword_4999".Length + 1) * (2 * ("unknown_keyword_4999".Length / 3) + 1);
        Assert.True(stats.DistanceCells <= stats.Suggestions * perSearch);
        Assert.True(stats.DistanceCells / stats.Suggestions < 2000, $"{stats.DistanceCells / stats.Suggestions} cells per search");
    }

    [Fact]
    public void Load_OneTypoRepeated_SearchedOnce()
    {
        var stats = new LoadStatistics();
        var text = ConfText.Instance(string.Concat(Enumerable.Repeat("    priorty 10\n", 300)));
        var r = ConfigLoader.Run(ConfText.File, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), new ConfigOptions { ConfigId = "n", InterfaceExists = _ => true }, null, stats);

        Assert.Equal(300, r.Errors.Count(d => d.Message == "unknown keyword 'priorty' in vrrp_instance; did you mean 'priority'?"));
        Assert.Equal(1, stats.Suggestions);
        Assert.Equal(299, stats.CachedSuggestions);
    }
}
