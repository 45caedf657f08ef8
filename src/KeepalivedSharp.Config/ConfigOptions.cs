namespace KeepalivedSharp.Config;

/// <summary>How to load a configuration.</summary>
public sealed record ConfigOptions
{
    public static ConfigOptions Default { get; } = new();

    /// <summary>The id matched by <c>@id</c> / <c>@^id</c> lines and <c>$_INSTANCE</c>; null = the host name (as keepalived's -i default).</summary>
    public string? ConfigId { get; init; }

    /// <summary>Answers whether an interface exists on this host; null = do not check.</summary>
    public Func<string, bool>? InterfaceExists { get; init; }

    /// <summary>
    /// Answers whether a script's program (first word of its command line) resolves to an existing file;
    /// null = do not check. Used for keepalived's "script security" verdict (see docs/config-reference.md).
    /// </summary>
    public Func<string, bool>? ScriptExists { get; init; }

    /// <summary>
    /// Answers whether a config file (the main one or an include) is a regular file with no execute bit, as keepalived's
    /// <c>check_glob_file</c> (lib/parser.c) demands before it opens one; null = do not check. Without the check an
    /// included FIFO with no writer blocks the load in open(2). The host's composition root sets a stat(2) here.
    /// </summary>
    public Func<string, bool>? IsRegularNonExecutable { get; init; }

    /// <summary>keepalived 2.2.7's words for a file that fails <see cref="IsRegularNonExecutable"/>.</summary>
    internal static string NotRegularMessage(string name) => $"Configuration file '{name}' is not a regular non-executable file - skipping";

    /// <summary>
    /// How many diagnostics a load keeps (and hands out), the first in file order; the rest are counted only
    /// (<see cref="ConfigResult.NotShown"/>). keepalived prints every one; a bound keeps a huge bad file cheap.
    /// </summary>
    public int MaxDiagnostics { get; init; } = Diagnostics.DiagnosticBag.DefaultLimit;

    /// <summary>Whether a file or glob include may read the real file system (tests may pin this to in-memory files).</summary>
    public IConfigFileSystem FileSystem { get; init; } = PhysicalConfigFileSystem.Instance;

    /// <summary>
    /// The host check for <see cref="ScriptExists"/>: a path containing '/' must be a file; a bare name is looked
    /// up in PATH and keepalived's default path (/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin).
    /// </summary>
    public static bool ProgramExists(string program)
    {
        if (program.Length == 0) return false;
        if (program.Contains('/', StringComparison.Ordinal)) return File.Exists(program);
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "") + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries).Any(d => File.Exists(Path.Combine(d, program)));
    }

    internal string EffectiveConfigId => ConfigId ?? Environment.MachineName;
}
