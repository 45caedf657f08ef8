using KeepalivedSharp.Config.Diagnostics;

namespace KeepalivedSharp.Config.Syntax;

/// <summary>
/// Groups logical lines into keyword nodes and blocks. A '{' line opens the block of the keyword line
/// just before it; a block never closed is reported at its '{', a stray '}' where it stands.
/// </summary>
internal sealed class TreeBuilder(IReadOnlyList<LogicalLine> lines, DiagnosticBag diagnostics)
{
    private const int MaxNesting = 64;
    private int _next;

    public List<SyntaxNode> Build()
    {
        var root = ReadBlock(null, 0);
        return root;
    }

    private List<SyntaxNode> ReadBlock(LogicalLine? open, int depth)
    {
        var nodes = new List<SyntaxNode>();
        while (_next < lines.Count)
        {
            var line = lines[_next++];
            if (line.IsCloseBrace)
            {
                if (open is not null) return nodes;
                diagnostics.Error(line.Location, line.Ordinal, "unexpected '}' (no block is open)");
                continue;
            }
            if (line.IsOpenBrace)
            {
                var owner = nodes.Count > 0 && !nodes[^1].HasBlock && _next >= 2 && ReferenceEquals(lines[_next - 2], nodes[^1].Line)
                    ? nodes[^1] : null;
                if (depth >= MaxNesting)
                {
                    diagnostics.Error(line.Location, line.Ordinal, "blocks nested too deeply");
                    SkipToEnd();
                    return nodes;
                }
                if (owner is null)
                    diagnostics.Error(line.Location, line.Ordinal, "unexpected '{' (no keyword before it)");
                var block = ReadBlock(line, depth + 1);
                if (owner is not null)
                {
                    owner.Block = block;
                    owner.OpenBrace = line;
                }
                continue;
            }
            nodes.Add(new SyntaxNode(line));
        }
        if (open is not null)
        {
            var what = BlockOwnerName(open);
            diagnostics.Error(open.Location, open.Ordinal, $"'{{' opened here{what} is never closed");
        }
        return nodes;
    }

    private string BlockOwnerName(LogicalLine open)
    {
        var index = -1;
        for (var i = 0; i < lines.Count; i++)
            if (ReferenceEquals(lines[i], open)) { index = i; break; }
        if (index > 0 && !lines[index - 1].IsCloseBrace && !lines[index - 1].IsOpenBrace)
            return $" (block '{lines[index - 1].Tokens[0].Text}')";
        return "";
    }

    private void SkipToEnd() => _next = lines.Count;
}
