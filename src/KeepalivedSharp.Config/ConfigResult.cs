using System.Collections.Immutable;

namespace KeepalivedSharp.Config;

/// <summary>A complete model, or errors: never half a config. <see cref="Config"/> is null when there are errors.</summary>
public sealed record ConfigResult(KeepalivedConfig? Config, ImmutableArray<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == Severity.Error);

    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.Severity == Severity.Error);

    public IEnumerable<Diagnostic> Warnings => Diagnostics.Where(d => d.Severity == Severity.Warning);

    /// <summary>keepalived's SECURITY VIOLATION findings: they fail -t (exit 6) but do not stop the daemon.</summary>
    public IEnumerable<Diagnostic> SecurityViolations => Diagnostics.Where(d => d.Severity == Severity.Security);
}
