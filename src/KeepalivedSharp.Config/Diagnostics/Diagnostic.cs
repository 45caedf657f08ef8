namespace KeepalivedSharp.Config;

/// <summary>A line in a real configuration file (after include, macro and ~SEQ expansion it still names the source line).</summary>
public readonly record struct SourceLocation(string File, int Line)
{
    public override string ToString() => $"{File}:{Line}";
}

public enum Severity
{
    Warning,
    Error,
    /// <summary>
    /// keepalived's "SECURITY VIOLATION": `-t` fails (exit 6, as keepalived), but the daemon runs,
    /// as keepalived's does, after logging it.
    /// </summary>
    Security,
}

/// <summary>One problem found in a configuration, printed as <c>file:line: error: message</c>.</summary>
public sealed record Diagnostic(Severity Severity, SourceLocation Location, string Message)
{
    /// <summary>A warning keepalived's <c>-t</c> fails on (a fix-up it reports with exit 5); errors always fail it.</summary>
    public bool FailsConfigTest { get; init; }

    public override string ToString()
        => $"{Location.File}:{Location.Line}: {Severity switch { Severity.Error => "error", Severity.Security => "security", _ => "warning" }}: {Message}";
}
