using System.Collections.Immutable;

namespace KeepalivedSharp.Config.Syntax;

/// <summary>A keyword line with its arguments and, when followed by '{', its block of child lines.</summary>
internal sealed class SyntaxNode(LogicalLine line)
{
    public LogicalLine Line { get; } = line;
    public string Keyword => Line.Tokens[0].Text;
    public ImmutableArray<Token> Arguments => Line.Tokens.RemoveAt(0);
    public SourceLocation Location => Line.Location;
    public long Ordinal => Line.Ordinal;
    /// <summary>null when the keyword has no block.</summary>
    public List<SyntaxNode>? Block { get; set; }
    public LogicalLine? OpenBrace { get; set; }
    public bool HasBlock => Block is not null;
}
