using KeepalivedSharp.Config.Binding;
using KeepalivedSharp.Config.Checking;
using KeepalivedSharp.Config.Diagnostics;
using KeepalivedSharp.Config.Preprocessing;
using KeepalivedSharp.Config.Syntax;

namespace KeepalivedSharp.Config;

/// <summary>Reads keepalived.conf: preprocess, build the block tree, bind to the typed model, check.</summary>
public static class ConfigLoader
{
    /// <summary>Loads a file; a missing or unreadable top file is an error at line 0.</summary>
    public static ConfigResult Load(string path, ConfigOptions options)
    {
        var content = options.FileSystem.ReadAllBytes(path);
        if (content is null)
            return new ConfigResult(null, [new Diagnostic(Severity.Error, new SourceLocation(path, 0), $"cannot read configuration file '{path}'")]);
        return Run(path, content, options);
    }

    /// <summary>Loads text as if it were the file <paramref name="fileName"/> (includes resolve against its directory).</summary>
    public static ConfigResult LoadText(string text, string fileName, ConfigOptions options)
        => Run(fileName, System.Text.Encoding.UTF8.GetBytes(text), options);

    private static ConfigResult Run(string fileName, byte[] content, ConfigOptions options)
    {
        var diagnostics = new DiagnosticBag();
        var lines = new Preprocessor(options, diagnostics).Run(fileName, content);
        var tree = new TreeBuilder(lines, diagnostics).Build();
        var ctx = new BindContext(options, diagnostics);
        var bound = Binder.Bind(ctx, tree);
        var config = ConfigChecker.Check(ctx, bound);
        return new ConfigResult(diagnostics.HasErrors ? null : config, diagnostics.ToImmutable());
    }
}
