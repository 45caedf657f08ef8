namespace KeepalivedSharp.Config.Diagnostics;

/// <summary>
/// Collects diagnostics and hands them out in file order (the order lines were read, includes inlined) as soon as
/// no earlier one can still come (<see cref="Release"/>). Every diagnostic is counted; only the first
/// <see cref="Limit"/> in file order are kept and handed out, so a huge bad file costs bounded memory.
/// Order: line ordinal, then the pass that found it (preprocessor, tree, binding), then the order of finding.
/// </summary>
internal sealed class DiagnosticBag(int limit = DiagnosticBag.DefaultLimit, Action<Diagnostic>? released = null)
{
    /// <summary>keepalived prints every message; past this many a config is not worth reading further.</summary>
    public const int DefaultLimit = 1000;

    /// <summary>The pass that found a diagnostic, the tie-break between diagnostics of one line.</summary>
    public const int Preprocessing = 0, Tree = 1, Binding = 2;

    private readonly List<Entry> _pending = [];
    private readonly List<Diagnostic> _released = [];
    private long _seq;

    public int Limit { get; } = Math.Max(0, limit);
    public int ErrorCount { get; private set; }
    public int WarningCount { get; private set; }
    public int SecurityCount { get; private set; }
    public bool HasErrors => ErrorCount > 0;

    /// <summary>The diagnostics handed out so far, in file order (at most <see cref="Limit"/>).</summary>
    public IReadOnlyList<Diagnostic> Released => _released;

    public void Error(SourceLocation location, long ordinal, string message) => Add(Severity.Error, location, ordinal, message);

    public void Warning(SourceLocation location, long ordinal, string message) => Add(Severity.Warning, location, ordinal, message);

    public void Security(SourceLocation location, long ordinal, string message) => Add(Severity.Security, location, ordinal, message);

    /// <summary>Fix-up warnings (counted in <see cref="WarningCount"/> too): keepalived's -t fails on them.</summary>
    public int FixUpCount { get; private set; }

    public void FixUp(SourceLocation location, long ordinal, string message)
    {
        FixUpCount++;
        Add(Severity.Warning, location, ordinal, message, fixUp: true);
    }

    /// <summary>Counts a diagnostic whose message is not worth building because <see cref="Wants"/> said no.</summary>
    public void Count(Severity severity)
    {
        switch (severity)
        {
            case Severity.Error: ErrorCount++; break;
            case Severity.Security: SecurityCount++; break;
            default: WarningCount++; break;
        }
    }

    /// <summary>Whether a diagnostic at this line would be kept: callers skip building an expensive message otherwise.</summary>
    public bool Wants(long ordinal, int pass = Binding)
        => _released.Count + _pending.Count < Limit || (_pending.Count > 0 && Compare(new Entry(ordinal, pass, long.MaxValue, null!), _pending[^1]) < 0);

    public void Add(Severity severity, SourceLocation location, long ordinal, string message, int pass = Binding, bool fixUp = false)
    {
        Count(severity);
        if (!Wants(ordinal, pass)) return;
        var e = new Entry(ordinal, pass, _seq++, new Diagnostic(severity, location, message) { FailsConfigTest = fixUp });
        // Nearly always in order: search from the end.
        var at = _pending.Count;
        while (at > 0 && Compare(e, _pending[at - 1]) < 0) at--;
        _pending.Insert(at, e);
        if (_released.Count + _pending.Count > Limit) _pending.RemoveAt(_pending.Count - 1);
    }

    /// <summary>Hands out the diagnostics of lines before <paramref name="ordinal"/>: nothing can come before them any more.</summary>
    public void Release(long ordinal)
    {
        var n = 0;
        while (n < _pending.Count && _pending[n].Ordinal < ordinal) n++;
        if (n == 0) return;
        for (var i = 0; i < n; i++)
        {
            _released.Add(_pending[i].Diagnostic);
            released?.Invoke(_pending[i].Diagnostic);
        }
        _pending.RemoveRange(0, n);
    }

    public void ReleaseAll() => Release(long.MaxValue);

    private static int Compare(Entry a, Entry b)
    {
        var c = a.Ordinal.CompareTo(b.Ordinal);
        if (c == 0) c = a.Pass.CompareTo(b.Pass);
        return c != 0 ? c : a.Seq.CompareTo(b.Seq);
    }

    private readonly record struct Entry(long Ordinal, int Pass, long Seq, Diagnostic Diagnostic);
}
