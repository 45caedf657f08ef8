using System.Collections.Immutable;
using System.Runtime.InteropServices;
using KeepalivedSharp.Config.Diagnostics;
using KeepalivedSharp.Config.Schema;
using KeepalivedSharp.Config.Syntax;

namespace KeepalivedSharp.Config.Binding;

/// <summary>Shared state of one binding pass: options, diagnostics, and the schema walk.</summary>
internal sealed class BindContext(ConfigOptions options, DiagnosticBag diagnostics)
{
    public ConfigOptions Options { get; } = options;
    public DiagnosticBag Diagnostics { get; } = diagnostics;

    public void Error(SyntaxNode at, string message) => Diagnostics.Error(at.Location, at.Ordinal, message);

    public void Warning(SyntaxNode at, string message) => Diagnostics.Warning(at.Location, at.Ordinal, message);

    public void Security(SyntaxNode at, string message) => Diagnostics.Security(at.Location, at.Ordinal, message);

    /// <summary>
    /// The nodes of a block that are valid keywords of <paramref name="schema"/> in the right shape; each
    /// other node is reported (unknown keyword with a suggestion, a block where none belongs, a missing block).
    /// </summary>
    public IEnumerable<(SyntaxNode Node, KeywordSpec Spec)> Known(IEnumerable<SyntaxNode> nodes, BlockSchema schema)
    {
        foreach (var node in nodes)
        {
            if (!schema.TryGet(node.Keyword, out var spec))
            {
                var hint = schema.Suggest(node.Keyword);
                var where = schema.Name == "top level" ? "at top level" : $"in {schema.Name}";
                Error(node, hint is null
                    ? $"unknown keyword '{node.Keyword}' {where}"
                    : $"unknown keyword '{node.Keyword}' {where}; did you mean '{hint}'?");
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
            yield return (node, spec);
        }
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

    /// <summary>Joins the arguments into a command line (notify scripts, vrrp_script script).</summary>
    public static string CommandLine(ReadOnlySpan<Token> args) => string.Join(' ', Texts(args));

    /// <summary>The words' texts.</summary>
    public static ImmutableArray<string> Texts(ReadOnlySpan<Token> words)
    {
        if (words.IsEmpty) return [];
        var texts = new string[words.Length];
        for (var i = 0; i < words.Length; i++) texts[i] = words[i].Text;
        return ImmutableCollectionsMarshal.AsImmutableArray(texts);
    }
}
