using System.Text.RegularExpressions;

namespace KeepalivedSharp.Cli.Tests.Cli;

/// <summary>The program's own --help, read back: its subcommands and each one's flags (what the man page and the completion must cover).</summary>
internal static partial class HelpText
{
    [GeneratedRegex(@"^  (\S+)")]
    private static partial Regex FirstWord();

    [GeneratedRegex(@"(?:^|, )(-{1,2}[^\s,<]+)")]
    private static partial Regex Flag();

    /// <summary>The root --help and each visible subcommand's, keyed by subcommand ("" for the root).</summary>
    public static readonly Lazy<IReadOnlyDictionary<string, string>> All = new(() =>
    {
        var root = Help();
        var all = new Dictionary<string, string> { [""] = root };
        foreach (var c in Section(root, "Commands:").Select(l => FirstWord().Match(l).Groups[1].Value)) all[c] = Help(c);
        return all;
    });

    public static IReadOnlyList<string> Subcommands => [.. All.Value.Keys.Where(k => k.Length > 0)];

    /// <summary>Every flag spelling of the Options section (long names and aliases).</summary>
    public static IReadOnlyList<string> Flags(string help)
        => [.. Section(help, "Options:")
            .Where(l => l.StartsWith("  -", StringComparison.Ordinal))
            .Select(l => l.TrimStart().Split("  ")[0])
            .SelectMany(first => Flag().Matches(first).Select(m => m.Groups[1].Value))];

    public static bool IsHelpFlag(string flag) => flag is "-?" or "-h" or "--help";

    private static string Help(params string[] command)
    {
        var r = KsProgram.Run([.. command, "--help"]);
        Assert.True(r.ExitCode == 0, r.Output);
        return r.Stdout;
    }

    private static IEnumerable<string> Section(string help, string title)
        => help.Split('\n').SkipWhile(l => l.Trim() != title).Skip(1).TakeWhile(l => l.Trim().Length > 0);
}
