using System.Text.RegularExpressions;
using KeepalivedSharp.Lab;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Cli.Tests.Cli;

/// <summary>
/// The man pages packaging/man/build.sh generates with pandoc: rendered by man(1) with no groff warning (what lintian
/// reports as groff-message), and keepalived-sharp(8) naming every flag --help lists: the root's under OPTIONS, each
/// subcommand's under its own entry in COMMANDS, so the page cannot drift from the command line.
/// </summary>
public sealed partial class ManPageTests : IDisposable
{
    private readonly TempFolder _dir = new();

    [GeneratedRegex(@"^ {7}(\S+)", RegexOptions.Multiline)]
    private static partial Regex EntryStart();

    private string Build()
    {
        var r = LabShell.Run(KsProgram.RepoFile("packaging/man/build.sh"), [_dir.Path, "0.0.0-test", "2026-01-01"], KsProgram.Timeout);
        Assert.True(r.ExitCode == 0, r.Output);
        return _dir.Path;
    }

    /// <summary>
    /// The page as man -l prints it at 80 columns, hyphenation joined; and the warnings of man run as lintian runs it
    /// (--warnings -E UTF-8 -Tutf8 -Z, lintian's Documentation/Manual check).
    /// </summary>
    private static (string Text, string Warnings) Render(string page)
    {
        var r = LabShell.Run("env", ["MANWIDTH=80", "man", "-l", page], KsProgram.Timeout);
        Assert.True(r.ExitCode == 0, r.Output);
        var text = Regex.Replace(r.Stdout, @"(\S)([\u2010-])\n\s+", m => m.Groups[1].Value + (m.Groups[2].Value == "-" ? "-" : ""));
        var lint = LabShell.Run("env", ["MANWIDTH=80", "man", "--warnings", "-E", "UTF-8", "-l", "-Tutf8", "-Z", page], KsProgram.Timeout);
        Assert.True(lint.ExitCode == 0, lint.Output);
        return (text, lint.Stderr.Trim());
    }

    private static string Section(string text, string title)
    {
        var start = text.IndexOf("\n" + title + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no {title} section");
        var end = Regex.Match(text[(start + title.Length + 2)..], @"^[A-Z][A-Z ]+$", RegexOptions.Multiline);
        return end.Success ? text.Substring(start, title.Length + 2 + end.Index) : text[start..];
    }

    private static bool Names(string text, string flag)
        => Regex.IsMatch(text, @"(?<![\w-])" + Regex.Escape(flag) + @"(?![\w-])");

    [Theory]
    [InlineData("keepalived-sharp.8", "KEEPALIVED-SHARP(8)")]
    [InlineData("keepalived-sharp.conf.5", "KEEPALIVED-SHARP.CONF(5)")]
    public void Page_RendersWithoutGroffWarnings(string page, string header)
    {
        var (text, warnings) = Render(Path.Combine(Build(), page));
        Assert.True(warnings.Length == 0, warnings);
        Assert.StartsWith(header, text.TrimStart(), StringComparison.Ordinal);
        Assert.Contains("\nNAME\n", text, StringComparison.Ordinal);
        Assert.Contains("keepalived-sharp 0.0.0-test", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfPage_CarriesTheConfigReference()
    {
        var (text, _) = Render(Path.Combine(Build(), "keepalived-sharp.conf.5"));
        // Headings and a table row of docs/config-reference.md, the table as a definition list.
        Assert.Contains("Keywords per block", text, StringComparison.Ordinal);
        Assert.Contains("global_defs", text, StringComparison.Ordinal);
        Assert.Matches(@"recursive include\s+keepalived 2\.2\.7: not detected", text);
    }

    [Fact]
    public void DaemonPage_ListsEveryRootFlag()
    {
        var options = Section(Render(Path.Combine(Build(), "keepalived-sharp.8")).Text, "OPTIONS");
        var flags = HelpText.Flags(HelpText.All.Value[""]);
        Assert.Contains("--use-file", flags);
        var missing = flags.Where(f => !Names(options, f)).ToList();
        Assert.True(missing.Count == 0, "OPTIONS lacks " + string.Join(' ', missing));
    }

    [Fact]
    public void DaemonPage_ListsEverySubcommandWithItsFlags()
    {
        var commands = Section(Render(Path.Combine(Build(), "keepalived-sharp.8")).Text, "COMMANDS");
        var starts = EntryStart().Matches(commands).ToList();
        var entries = starts.Select((m, k) => (Name: m.Groups[1].Value,
            Text: commands[m.Index..(k + 1 < starts.Count ? starts[k + 1].Index : commands.Length)])).ToDictionary(e => e.Name, e => e.Text);
        Assert.NotEmpty(HelpText.Subcommands);
        var missing = new List<string>();
        foreach (var sub in HelpText.Subcommands)
        {
            if (!entries.TryGetValue(sub, out var entry)) { missing.Add(sub); continue; }
            missing.AddRange(HelpText.Flags(HelpText.All.Value[sub]).Where(f => !HelpText.IsHelpFlag(f) && !Names(entry, f)).Select(f => $"{sub} {f}"));
        }
        Assert.True(missing.Count == 0, "COMMANDS lacks " + string.Join(", ", missing));
    }

    public void Dispose() => _dir.Dispose();
}
