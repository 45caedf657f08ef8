using KeepalivedSharp.Config.Binding;
using KeepalivedSharp.Config.Checking;
using KeepalivedSharp.Config.Diagnostics;
using KeepalivedSharp.Config.Preprocessing;
using KeepalivedSharp.Config.Syntax;

namespace KeepalivedSharp.Config;

/// <summary>
/// Reads keepalived.conf in one pass: each line is preprocessed, placed in the block tree and, once its top-level
/// block is complete, bound to the typed model; the cross-checks run at the end. Nothing but the model (and at most
/// <see cref="ConfigOptions.MaxDiagnostics"/> diagnostics) is kept, whatever the size of the file.
/// </summary>
public static class ConfigLoader
{
    /// <summary>Loads a file; a missing or unreadable top file is an error at line 0.</summary>
    public static ConfigResult Load(string path, ConfigOptions options) => Load(path, options, null);

    /// <summary>
    /// Loads a file, handing each diagnostic to <paramref name="onDiagnostic"/> in file order as soon as no earlier
    /// one can still come (findings of the cross-checks, which need the whole file, come at the end if they are first).
    /// </summary>
    public static ConfigResult Load(string path, ConfigOptions options, Action<Diagnostic>? onDiagnostic)
    {
        // keepalived skips a main file that is not regular and non-executable and runs with no config at all; a
        // daemon that silently does nothing is worse than one that refuses to start, so this is an error here.
        if (options.IsRegularNonExecutable is { } isRegular && !isRegular(path))
        {
            var e = new Diagnostic(Severity.Error, new SourceLocation(path, 0), $"Configuration file '{path}' is not a regular non-executable file");
            onDiagnostic?.Invoke(e);
            return new ConfigResult(null, [e]);
        }
        var content = options.FileSystem.OpenRead(path);
        if (content is null)
        {
            var d = new Diagnostic(Severity.Error, new SourceLocation(path, 0), $"cannot read configuration file '{path}'");
            onDiagnostic?.Invoke(d);
            return new ConfigResult(null, [d]);
        }
        return Run(path, content, options, onDiagnostic, null);
    }

    /// <summary>Loads text as if it were the file <paramref name="fileName"/> (includes resolve against its directory).</summary>
    public static ConfigResult LoadText(string text, string fileName, ConfigOptions options, Action<Diagnostic>? onDiagnostic = null)
        => Run(fileName, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text), writable: false), options, onDiagnostic, null);

    /// <summary>The whole load; <paramref name="statistics"/> (tests) counts the "did you mean" work.</summary>
    internal static ConfigResult Run(string fileName, Stream content, ConfigOptions options, Action<Diagnostic>? onDiagnostic, LoadStatistics? statistics)
    {
        var diagnostics = new DiagnosticBag(options.MaxDiagnostics, onDiagnostic);
        var ctx = new BindContext(options, diagnostics, statistics);
        var bound = new BoundConfig();
        var tree = new TreeBuilder(ctx, top => Binder.Bind(ctx, bound, top));
        var preprocessor = new Preprocessor(options, diagnostics, line =>
        {
            tree.Add(line);
            diagnostics.Release(Math.Min(tree.Settled(line), bound.CheckedFrom));
        });
        preprocessor.Run(fileName, content);
        tree.End();
        var config = ConfigChecker.Check(ctx, bound);
        diagnostics.ReleaseAll();
        return new ConfigResult(diagnostics.HasErrors ? null : config, [.. diagnostics.Released])
        {
            ErrorCount = diagnostics.ErrorCount,
            WarningCount = diagnostics.WarningCount,
            SecurityCount = diagnostics.SecurityCount,
            FixUpCount = diagnostics.FixUpCount,
        };
    }
}
