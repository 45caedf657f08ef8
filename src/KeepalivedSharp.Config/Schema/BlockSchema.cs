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
    /// <summary>A block kept as written without checking its keywords (health checkers).</summary>
    Opaque,
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
    }

    public bool TryGet(string keyword, out KeywordSpec spec) => Keywords.TryGetValue(keyword, out spec!);

    /// <summary>The closest keyword by edit distance, when close enough to be a likely typo.</summary>
    public string? Suggest(string word)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var k in Keywords.Keys.Order(StringComparer.Ordinal))
        {
            var d = EditDistance.Compute(word, k);
            if (d < bestDistance)
            {
                bestDistance = d;
                best = k;
            }
        }
        var limit = Math.Max(2, word.Length / 3);
        return bestDistance <= limit ? best : null;
    }
}
