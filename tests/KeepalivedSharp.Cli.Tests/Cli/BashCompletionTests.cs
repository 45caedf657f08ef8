using KeepalivedSharp.Lab;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Cli.Tests.Cli;

/// <summary>
/// 'completion bash' (the script the package installs), sourced into a real bash and asked as bash would ask it
/// (COMP_WORDS/COMP_CWORD): it offers every subcommand and every flag --help lists, and an option's fixed values.
/// </summary>
public sealed class BashCompletionTests : IDisposable
{
    private readonly TempFolder _dir = new();
    private readonly string _script;

    public BashCompletionTests()
    {
        var r = KsProgram.Run("completion", "bash");
        Assert.True(r.ExitCode == 0, r.Output);
        _script = _dir.Write("keepalived-sharp.bash", r.Stdout);
    }

    /// <summary>The completions for the command line <paramref name="words"/>, the last word being completed.</summary>
    private string[] Complete(params string[] words)
    {
        var quoted = string.Join(' ', words.Select(w => "'" + w + "'"));
        var r = LabShell.Run("bash", ["--norc", "-c",
            $"set -u; source '{_script}'; COMP_WORDS=(keepalived-sharp {quoted}); COMP_CWORD={words.Length}; _keepalived_sharp; printf '%s\\n' \"${{COMPREPLY[@]}}\""],
            KsProgram.Timeout);
        Assert.True(r.ExitCode == 0, r.Output);
        return KsProgram.Lines(r.Stdout);
    }

    [Fact]
    public void Script_PassesBashSyntaxCheckAndRegisters()
    {
        Assert.Equal(0, LabShell.Run("bash", "-n", _script).ExitCode);
        var r = LabShell.Run("bash", "--norc", "-c", $"source '{_script}'; complete -p keepalived-sharp");
        Assert.Contains("-F _keepalived_sharp", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyWord_OffersEverySubcommand()
        => Assert.Equal(HelpText.Subcommands.Order(StringComparer.Ordinal), Complete("").Order(StringComparer.Ordinal));

    [Fact]
    public void Dash_OffersEveryFlagOfHelp_RootAndEachSubcommand()
    {
        var missing = new List<string>();
        foreach (var (sub, help) in HelpText.All.Value)
        {
            var offered = sub.Length == 0 ? Complete("-") : Complete(sub, "-");
            missing.AddRange(HelpText.Flags(help).Except(offered).Select(f => $"'{sub}' {f}"));
        }
        Assert.True(missing.Count == 0, "not offered: " + string.Join(", ", missing));
    }

    [Fact]
    public void SubcommandFlags_NotOfferedAtTheRoot()
    {
        Assert.DoesNotContain("--json", Complete("-"));
        Assert.Contains("--json", Complete("status", "--j"));
        Assert.Equal(["--socket"], Complete("reload", "--so"));
    }

    [Fact]
    public void OptionValues_FixedSetsOffered_OthersLeftToFileNames()
    {
        Assert.Equal(["auto", "ipvs", "nftables", "none"], Complete("--lb-backend", "").Order(StringComparer.Ordinal));
        Assert.Equal(["ipvs"], Complete("--lb-backend", "ip"));
        Assert.Equal(["keepalived"], Complete("lab", "--peer", ""));
        Assert.Contains("1.1", Complete("genhash", "-P", ""));
        // -f FILE: no words, so bash's -o default completes file names.
        Assert.Empty(Complete("-f", ""));
    }

    public void Dispose() => _dir.Dispose();
}
