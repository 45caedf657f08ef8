namespace KeepalivedSharp.Config.Syntax;

/// <summary>A keyword line with its arguments and, when followed by '{', its block of child lines.</summary>
internal sealed class SyntaxNode(LogicalLine line)
{
    public LogicalLine Line { get; } = line;
    public string Keyword => Line.Tokens[0].Text;
    /// <summary>The words after the keyword: a view of the line's words, nothing is copied.</summary>
    public ReadOnlySpan<Token> Arguments => Line.Tokens.AsSpan(1..);
    public SourceLocation Location => Line.Location;
    public long Ordinal => Line.Ordinal;
    /// <summary>null when the keyword has no block.</summary>
    public List<SyntaxNode>? Block { get; set; }
    public LogicalLine? OpenBrace { get; set; }
    public bool HasBlock => Block is not null;
}
