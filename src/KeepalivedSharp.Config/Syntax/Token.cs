using System.Collections.Immutable;

namespace KeepalivedSharp.Config.Syntax;

/// <summary>One word of a line; <see cref="Quoted"/> when it was written in double quotes.</summary>
internal readonly record struct Token(string Text, bool Quoted)
{
    public override string ToString() => Text;
}

/// <summary>
/// A line after preprocessing and brace splitting, with the real file line it came from. <see cref="Text"/> keeps
/// the line as written only when it has a quote or a backslash (script lines are re-read with quotes and escapes,
/// see <see cref="ScriptWords"/>); otherwise the words are all there is to it.
/// </summary>
internal sealed record LogicalLine(ImmutableArray<Token> Tokens, SourceLocation Location, long Ordinal, string? Text = null)
{
    public bool IsOpenBrace => Tokens.Length == 1 && !Tokens[0].Quoted && Tokens[0].Text == "{";
    public bool IsCloseBrace => Tokens.Length == 1 && !Tokens[0].Quoted && Tokens[0].Text == "}";
}
