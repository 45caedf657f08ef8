using KeepalivedSharp.Config.Binding;
using KeepalivedSharp.Config.Diagnostics;
using KeepalivedSharp.Config.Schema;

namespace KeepalivedSharp.Config.Syntax;

/// <summary>
/// Groups logical lines, as they come, into keyword nodes and blocks, and hands each finished top-level node to
/// <paramref name="topLevel"/>. A '{' line opens the block of the keyword line just before it; a block never closed
/// is reported at its '{', a stray '}' where it stands. Lines are checked against the keyword tables as they come
/// (as keepalived's parser does): a keyword a block does not have is reported and dropped with its block, so a
/// huge file of unknown keywords keeps nothing. Lists and health-checker blocks are kept as written.
/// </summary>
internal sealed class TreeBuilder(BindContext ctx, Action<SyntaxNode> topLevel)
{
    private const int MaxNesting = 64;

    private enum Mode
    {
        /// <summary>Keywords of a schema: unknown ones are reported and dropped.</summary>
        Keywords,
        /// <summary>Items of a list (or an opaque block): kept unchecked.</summary>
        Items,
        /// <summary>The block of a dropped keyword, or of none: read for its braces only.</summary>
        Skip,
    }

    private sealed record Frame(Mode Mode, BlockSchema? Schema, List<SyntaxNode>? Nodes, LogicalLine? Open, string OwnerName);

    private readonly List<Frame> _frames = [new(Mode.Keywords, Keywords.Root, null, null, "")];
    /// <summary>The line just before, when it is a keyword line (a '{' after it opens its block).</summary>
    private LogicalLine? _previous;
    private SyntaxNode? _previousNode;
    private KeywordSpec? _previousSpec;
    /// <summary>The top-level node being read (its block may be open).</summary>
    private SyntaxNode? _top;
    /// <summary>Nested too deeply: the rest is ignored.</summary>
    private bool _dead;

    private DiagnosticBag Diagnostics => ctx.Diagnostics;

    /// <summary>
    /// After <paramref name="last"/>: no diagnostic of this pass or the binding can come before this ordinal any more
    /// (the top-level node still open, the outermost '{' not yet closed, else the last line itself).
    /// </summary>
    public long Settled(LogicalLine last)
    {
        var ordinal = last.Ordinal;
        if (_top is not null) ordinal = Math.Min(ordinal, _top.Ordinal);
        if (_frames.Count > 1) ordinal = Math.Min(ordinal, _frames[1].Open!.Ordinal);
        return ordinal;
    }

    public void Add(LogicalLine line)
    {
        if (_dead) return;
        var frame = _frames[^1];
        if (line.IsCloseBrace)
        {
            // A '{' after '}' has no keyword of its own: forget the line before the closed block too.
            _previous = null;
            _previousNode = null;
            _previousSpec = null;
            if (_frames.Count == 1)
            {
                FinishTop();
                Diagnostics.Add(Severity.Error, line.Location, line.Ordinal, "unexpected '}' (no block is open)", DiagnosticBag.Tree);
                return;
            }
            _frames.RemoveAt(_frames.Count - 1);
            if (_frames.Count == 1) FinishTop();
            return;
        }
        if (line.IsOpenBrace)
        {
            Open(line, frame);
            return;
        }
        if (_frames.Count == 1) FinishTop();
        _previous = line;
        _previousNode = null;
        _previousSpec = null;
        switch (frame.Mode)
        {
            case Mode.Skip:
                return;
            case Mode.Items:
                frame.Nodes!.Add(_previousNode = new SyntaxNode(line));
                return;
        }
        if (!frame.Schema!.TryGet(line.Tokens[0].Text, out var spec))
        {
            ctx.UnknownKeyword(line, frame.Schema);
            return;
        }
        _previousNode = new SyntaxNode(line);
        _previousSpec = spec;
        if (_frames.Count == 1) _top = _previousNode;
        else frame.Nodes!.Add(_previousNode);
    }

    private void Open(LogicalLine line, Frame frame)
    {
        var keyword = _previous;
        var owner = _previousNode;
        var spec = _previousSpec;
        _previous = null;
        _previousNode = null;
        _previousSpec = null;
        if (_frames.Count - 1 >= MaxNesting)
        {
            Diagnostics.Add(Severity.Error, line.Location, line.Ordinal, "blocks nested too deeply", DiagnosticBag.Tree);
            _dead = true;
            return;
        }
        if (keyword is null)
            Diagnostics.Add(Severity.Error, line.Location, line.Ordinal, "unexpected '{' (no keyword before it)", DiagnosticBag.Tree);
        var ownerName = keyword is null ? "" : $" (block '{keyword.Tokens[0].Text}')";
        var mode = owner is null || frame.Mode == Mode.Skip ? Mode.Skip
            : frame.Mode == Mode.Items ? Mode.Items
            : spec!.Kind switch { KeywordKind.Value => Mode.Skip, KeywordKind.Block when spec.Sub is not null => Mode.Keywords, _ => Mode.Items };
        var nodes = mode == Mode.Skip ? null : new List<SyntaxNode>();
        if (owner is not null)
        {
            // A value keyword with a block is reported by the binding ("does not take a '{' block"); its block is not read.
            owner.Block = nodes ?? [];
            owner.OpenBrace = line;
        }
        _frames.Add(new Frame(mode, mode == Mode.Keywords ? spec!.Sub : null, nodes, line, ownerName));
    }

    /// <summary>The end of the input: blocks still open are reported, the last top-level node is handed on.</summary>
    public void End()
    {
        // Nested too deeply: the innermost block was cut off, not left open (as before: only its parents are reported).
        var last = _dead ? _frames.Count - 2 : _frames.Count - 1;
        for (var i = last; i >= 1; i--)
        {
            var open = _frames[i].Open!;
            Diagnostics.Add(Severity.Error, open.Location, open.Ordinal, $"'{{' opened here{_frames[i].OwnerName} is never closed", DiagnosticBag.Tree);
        }
        FinishTop();
    }

    private void FinishTop()
    {
        if (_top is null) return;
        var top = _top;
        _top = null;
        topLevel(top);
    }
}
