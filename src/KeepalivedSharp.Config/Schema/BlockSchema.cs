using System.Collections.Frozen;

namespace KeepalivedSharp.Config.Schema;

/// <summary>The shape a keyword takes.</summary>
internal enum KeywordKind
{
    /// <summary>A keyword with arguments on its line and no block.</summary>
    Value,
    /// <summary>A block of keywords from <see cref="KeywordSpec.Sub"/>.</summary>
    Block,
    /// <summary>A block whose lines are items (addresses, names), not keywords.</summary>
    List,
}

internal sealed record KeywordSpec(KeywordKind Kind, BlockSchema? Sub = null);

/// <summary>The keywords valid in one block (keepalived's install_keyword tables).</summary>
internal sealed class BlockSchema
{
    public string Name { get; }
    public FrozenDictionary<string, KeywordSpec> Keywords { get; }

    public BlockSchema(string name, IEnumerable<(string Keyword, KeywordSpec Spec)> keywords)
    {
        Name = name;
        Keywords = keywords.ToFrozenDictionary(k => k.Keyword, k => k.Spec, StringComparer.Ordinal);
        _ordered = [.. Keywords.Keys.Order(StringComparer.Ordinal)];
    }

    public bool TryGet(string keyword, out KeywordSpec spec) => Keywords.TryGetValue(keyword, out spec!);

    /// <summary>The keywords in ordinal order: a tie in distance goes to the first.</summary>
    private readonly string[] _ordered;

    /// <summary>
    /// The closest keyword by edit distance, when close enough to be a likely typo (at most max(2, length / 3)).
    /// Each keyword costs a bounded comparison (<see cref="EditDistance.Bounded"/>), the bound shrinking as closer
    /// ones are found; <paramref name="cells"/> counts the work.
    /// </summary>
    public string? Suggest(string word, ref long cells)
    {
        if (word.Length > EditDistance.MaxLength) return null;
        string? best = null;
        var bound = Math.Max(2, word.Length / 3);
        foreach (var k in _ordered)
        {
            var d = EditDistance.Bounded(word, k, bound, ref cells);
            if (d > bound) continue;
            best = k;
            bound = d - 1;
            if (bound < 0) break;
        }
        return best;
    }
}
