using System.Collections.Immutable;

namespace KeepalivedSharp.Config;

/// <summary>
/// A complete model, or errors: never half a config. <see cref="Config"/> is null when there are errors.
/// <see cref="Diagnostics"/> holds the first <see cref="ConfigOptions.MaxDiagnostics"/> in file order; the counts
/// are of all of them (<see cref="NotShown"/> were counted but not kept).
/// </summary>
public sealed record ConfigResult(KeepalivedConfig? Config, ImmutableArray<Diagnostic> Diagnostics)
{
    private readonly int? _errors, _warnings, _security;

    public int ErrorCount { get => _errors ?? Diagnostics.Count(d => d.Severity == Severity.Error); init => _errors = value; }

    public int WarningCount { get => _warnings ?? Diagnostics.Count(d => d.Severity == Severity.Warning); init => _warnings = value; }

    public int SecurityCount { get => _security ?? Diagnostics.Count(d => d.Severity == Severity.Security); init => _security = value; }

    /// <summary>Diagnostics counted but not kept (past <see cref="ConfigOptions.MaxDiagnostics"/>).</summary>
    public int NotShown => ErrorCount + WarningCount + SecurityCount - Diagnostics.Length;

    public bool HasErrors => ErrorCount > 0;

    /// <summary>Warnings keepalived reports as config errors after fixing them (<see cref="Diagnostic.FailsConfigTest"/>).</summary>
    public int FixUpCount { get; init; }

    /// <summary>
    /// keepalived 2.2.7's <c>-t</c> verdict: 5 for errors or reported fix-ups, 6 for only script-security
    /// violations, else 0.
    /// </summary>
    public int ConfigTestExitCode => HasErrors || FixUpCount > 0 ? 5 : SecurityCount > 0 ? 6 : 0;

    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.Severity == Severity.Error);

    public IEnumerable<Diagnostic> Warnings => Diagnostics.Where(d => d.Severity == Severity.Warning);

    /// <summary>keepalived's SECURITY VIOLATION findings: they fail -t (exit 6) but do not stop the daemon.</summary>
    public IEnumerable<Diagnostic> SecurityViolations => Diagnostics.Where(d => d.Severity == Severity.Security);
}
