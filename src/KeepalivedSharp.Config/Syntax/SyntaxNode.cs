using System.Collections.Immutable;

namespace KeepalivedSharp.Config.Syntax;

/// <summary>A keyword line with its arguments and, when followed by '{', its block of child lines.</summary>
internal sealed class SyntaxNode(LogicalLine line)
{
    public LogicalLine Line { get; } = line;
    public string Keyword => Line.Tokens[0].Text;
    private ImmutableArray<Token> _arguments;

    /// <summary>The words after the keyword (made once per node: binders read them several times).</summary>
    public ImmutableArray<Token> Arguments => _arguments.IsDefault ? _arguments = Line.Tokens.RemoveAt(0) : _arguments;
    public SourceLocation Location => Line.Location;
    public long Ordinal => Line.Ordinal;
    /// <summary>null when the keyword has no block.</summary>
    public List<SyntaxNode>? Block { get; set; }
    public LogicalLine? OpenBrace { get; set; }
    public bool HasBlock => Block is not null;
}
