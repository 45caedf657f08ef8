using System.Collections.Immutable;

namespace KeepalivedSharp.Config.Diagnostics;

/// <summary>
/// Collects diagnostics with the ordinal of the logical line they belong to, so the final list is in
/// file order (the order lines were read, includes inlined) whichever pass reported them.
/// </summary>
internal sealed class DiagnosticBag
{
    private readonly List<(long Ordinal, int Seq, Diagnostic Diagnostic)> _items = [];

    public bool HasErrors { get; private set; }

    public void Error(SourceLocation location, long ordinal, string message) => Add(Severity.Error, location, ordinal, message);

    public void Warning(SourceLocation location, long ordinal, string message) => Add(Severity.Warning, location, ordinal, message);

    public void Security(SourceLocation location, long ordinal, string message) => Add(Severity.Security, location, ordinal, message);

    public void Add(Severity severity, SourceLocation location, long ordinal, string message)
    {
        if (severity == Severity.Error) HasErrors = true;
        _items.Add((ordinal, _items.Count, new Diagnostic(severity, location, message)));
    }

    public ImmutableArray<Diagnostic> ToImmutable()
        => [.. _items.OrderBy(i => i.Ordinal).ThenBy(i => i.Seq).Select(i => i.Diagnostic)];
}
