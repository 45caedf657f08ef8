using System.Collections.Immutable;
using System.Runtime.InteropServices;
using KeepalivedSharp.Config.Diagnostics;
using KeepalivedSharp.Config.Schema;
using KeepalivedSharp.Config.Syntax;

namespace KeepalivedSharp.Config.Binding;

/// <summary>What one load spent on "did you mean" (for the tests that bound it).</summary>
internal sealed class LoadStatistics
{
    /// <summary>Suggestion searches run (one per distinct unknown word and block, while diagnostics are kept).</summary>
    public long Suggestions;
    /// <summary>Suggestion searches answered from the cache.</summary>
    public long CachedSuggestions;
    /// <summary>Edit-distance cells computed by all searches.</summary>
    public long DistanceCells;
}

/// <summary>Shared state of one binding pass: options, diagnostics, and the schema walk.</summary>
internal sealed class BindContext(ConfigOptions options, DiagnosticBag diagnostics, LoadStatistics? statistics = null)
{
    /// <summary>Distinct unknown words remembered with their suggestion; past this each one is searched again.</summary>
    private const int MaxCachedSuggestions = 4096;

    private readonly Dictionary<(BlockSchema Schema, string Word), string?> _suggestions = [];

    public ConfigOptions Options { get; } = options;
    public DiagnosticBag Diagnostics { get; } = diagnostics;
    public LoadStatistics Statistics { get; } = statistics ?? new();

    public void Error(SyntaxNode at, string message) => Diagnostics.Error(at.Location, at.Ordinal, message);

    public void Warning(SyntaxNode at, string message) => Diagnostics.Warning(at.Location, at.Ordinal, message);

    public void Security(SyntaxNode at, string message) => Diagnostics.Security(at.Location, at.Ordinal, message);

    /// <summary>
    /// A problem keepalived reports and then fixes (a default it sets, a value it lowers, a deprecated word): a
    /// warning here, since the fixed config runs, that still fails <c>-t</c> as keepalived's does.
    /// </summary>
    public void FixUp(SyntaxNode at, string message) => Diagnostics.FixUp(at.Location, at.Ordinal, message);

    /// <summary>
    /// The nodes of a block that are valid keywords of <paramref name="schema"/> in the right shape; each
    /// other node is reported (unknown keyword with a suggestion, a block where none belongs, a missing block).
    /// A keyword keepalived-sharp does not act on yet gets a warning with the reason (<see cref="NoEffectKeywords"/>).
    /// </summary>
    public IEnumerable<(SyntaxNode Node, KeywordSpec Spec)> Known(IEnumerable<SyntaxNode> nodes, BlockSchema schema)
    {
        var warnNoEffect = !NoEffectKeywords.CoveredByBlock(schema.Name);
        foreach (var node in nodes)
        {
            if (!schema.TryGet(node.Keyword, out var spec))
            {
                UnknownKeyword(node.Line, schema);
                continue;
            }
            if (spec.Kind == KeywordKind.Value && node.HasBlock)
            {
                Error(node, $"'{node.Keyword}' does not take a '{{' block");
                continue;
            }
            if (spec.Kind != KeywordKind.Value && !node.HasBlock)
            {
                Error(node, $"'{node.Keyword}' needs a '{{ ... }}' block");
                continue;
            }
            if (warnNoEffect && NoEffectKeywords.Reason(schema, node.Keyword) is { } reason)
                Warning(node, $"'{node.Keyword}' {Where(schema)} has no effect in keepalived-sharp: {reason}");
            yield return (node, spec);
        }
    }

    /// <summary>
    /// Reports a line whose keyword <paramref name="schema"/> does not have, with the nearest keyword when it looks
    /// like a typo. A diagnostic that will not be shown (past the limit) is only counted: no search, no message.
    /// </summary>
    public void UnknownKeyword(LogicalLine line, BlockSchema schema)
    {
        if (!Diagnostics.Wants(line.Ordinal))
        {
            Diagnostics.Count(Severity.Error);
            return;
        }
        var word = line.Tokens[0].Text;
        var hint = Suggest(schema, word);
        Diagnostics.Error(line.Location, line.Ordinal, hint is null
            ? $"unknown keyword '{word}' {Where(schema)}"
            : $"unknown keyword '{word}' {Where(schema)}; did you mean '{hint}'?");
    }

    private static string Where(BlockSchema schema) => schema.Name == "top level" ? "at top level" : $"in {schema.Name}";

    private string? Suggest(BlockSchema schema, string word)
    {
        if (_suggestions.TryGetValue((schema, word), out var known))
        {
            Statistics.CachedSuggestions++;
            return known;
        }
        Statistics.Suggestions++;
        var hint = schema.Suggest(word, ref Statistics.DistanceCells);
        if (_suggestions.Count < MaxCachedSuggestions) _suggestions[(schema, word)] = hint;
        return hint;
    }

    /// <summary>Keeps a known keyword as written.</summary>
    public static RawSetting Raw(SyntaxNode node) => new(
        node.Keyword,
        Texts(node.Arguments),
        node.Block is null ? [] : [.. node.Block.Select(Raw)],
        node.Location)
    { HasBlock = node.HasBlock };

    /// <summary>A block's items for list blocks: each line's words.</summary>
    public static IEnumerable<SyntaxNode> Items(SyntaxNode node) => node.Block ?? [];

    /// <summary>The name argument of a named block (vrrp_instance NAME); reports a missing or empty one.</summary>
    public string? Name(SyntaxNode node)
    {
        var args = node.Arguments;
        if (args.Length == 0)
        {
            Error(node, $"'{node.Keyword}' needs a name");
            return null;
        }
        if (args[0].Text.Length == 0)
        {
            Error(node, $"'{node.Keyword}' has an empty name");
            return null;
        }
        if (args.Length > 1)
            Error(node, $"'{node.Keyword} {args[0].Text}' has extra words: '{string.Join(' ', Texts(args[1..]))}'");
        return args[0].Text;
    }

    /// <summary>
    /// The words after the keyword as keepalived re-reads a script line (quotes and escapes, see
    /// <see cref="ScriptWords"/>); null with the reason when the line cannot be read.
    /// </summary>
    public static List<string>? ScriptArguments(SyntaxNode n, out string? error)
    {
        var words = new List<string>(4);
        error = null;
        if (n.Line.Text is not { } text)
        {
            foreach (var t in n.Arguments) words.Add(t.Text);
            return words;
        }
        if (!ScriptWords.TrySplit(text, words, out error)) return null;
        words.RemoveAt(0);
        return words;
    }

    /// <summary>
    /// <c>KEYWORD "COMMAND" [USER [GROUP]]</c> (notify_*, notify_fifo_script, startup_script): keepalived runs the
    /// first word and takes the next two as the user and group to run it as; a word after those is ignored (warned).
    /// Null when the line has no script (reported). A second line for one script is an error; the first one stays.
    /// </summary>
    public NotifyScript? NotifyScript(SyntaxNode n, NotifyScript? previous)
    {
        if (previous is not null)
        {
            Error(n, $"{n.Keyword} script already specified");
            return previous;
        }
        var words = ScriptArguments(n, out var error);
        if (words is null)
        {
            Error(n, $"'{n.Keyword}': {error}");
            return null;
        }
        if (words.Count == 0 || words[0].Length == 0)
        {
            Error(n, $"'{n.Keyword}' needs a script");
            return null;
        }
        if (words.Count > 3)
            Warning(n, $"'{n.Keyword}': '{string.Join(' ', words.Skip(3))}' ignored: keepalived reads \"COMMAND\" [USER [GROUP]]; quote the whole command to give it arguments");
        return new NotifyScript(words[0], words.Count > 1 ? words[1] : null, words.Count > 2 ? words[2] : null);
    }

    /// <summary>The words' texts.</summary>
    public static ImmutableArray<string> Texts(ReadOnlySpan<Token> words)
    {
        if (words.IsEmpty) return [];
        var texts = new string[words.Length];
        for (var i = 0; i < words.Length; i++) texts[i] = words[i].Text;
        return ImmutableCollectionsMarshal.AsImmutableArray(texts);
    }
}
