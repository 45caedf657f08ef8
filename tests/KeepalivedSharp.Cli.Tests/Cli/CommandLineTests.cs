using KeepalivedSharp.Lab;
using System.Text.RegularExpressions;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Cli.Tests.Cli;

/// <summary>keepalived's command line: version, help with every keepalived flag, option validation.</summary>
public partial class CommandLineTests
{
    [GeneratedRegex(@"^keepalived-sharp \d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?\+[0-9a-f]{7,40}$")]
    private static partial Regex VersionLine();

    [Theory]
    [InlineData("-v")]
    [InlineData("--version")]
    public void Version_Flag_PrintsVersionPlusCommit(string flag)
    {
        var r = KsProgram.Run(flag);
        Assert.Equal(0, r.ExitCode);
        var line = Assert.Single(KsProgram.Lines(r.Stdout));
        Assert.Matches(VersionLine(), line);
    }

    public static TheoryData<string, string> KeepalivedFlags() => new()
    {
        { "-f", "--use-file" },
        { "-n", "--dont-fork" },
        { "-l", "--log-console" },
        { "-D", "--log-detail" },
        { "-S", "--log-facility" },
        { "-t", "--config-test" },
        { "-p", "--pid" },
        { "-r", "--vrrp_pid" },
        { "-c", "--checkers_pid" },
        { "-i", "--config-id" },
        { "-P", "--vrrp" },
        { "-C", "--check" },
        { "-v", "--version" },
        { "-u", "--umask" },
        { "-h", "--help" },
    };

    /// <summary>The output of -h and --help, run once for all flags.</summary>
    private static readonly Lazy<(string Flag, ProcResult Result)[]> HelpRuns =
        new(() => [("-h", KsProgram.Run("-h")), ("--help", KsProgram.Run("--help"))]);

    [Theory]
    [MemberData(nameof(KeepalivedFlags))]
    public void Help_BothSpellings_ListEveryKeepalivedFlag(string shortFlag, string longFlag)
    {
        foreach (var (help, r) in HelpRuns.Value)
        {
            Assert.Equal(0, r.ExitCode);
            // System.CommandLine prints "-f, --use-file <FILE>  description" (and "-?, -h, --help").
            var pattern = $@"^\s*(?:-\?, )?{Regex.Escape(shortFlag)}, {Regex.Escape(longFlag)}(?:\s|$)";
            Assert.True(KsProgram.Lines(r.Stdout).Any(l => Regex.IsMatch(l, pattern)),
                $"{help} does not list '{shortFlag}, {longFlag}':\n{r.Stdout}");
        }
    }

    [Fact]
    public void LogFacility_OutOfRange_IsRejectedBeforeAnythingRuns()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"ks-cli-missing-{Guid.NewGuid():N}.conf");
        // In range the option parses and -t reaches the missing file (exit 4); out of range nothing runs.
        Assert.Equal(4, KsProgram.Run("-S", "7", "-t", "-f", missing).ExitCode);

        var r = KsProgram.Run("-S", "9", "-t", "-f", missing);
        Assert.Equal(64, r.ExitCode); // EX_USAGE
        Assert.Contains("--log-facility", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("configuration file not found", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Umask_Invalid_IsRejectedInKeepalivedsWords()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"ks-cli-missing-{Guid.NewGuid():N}.conf");
        Assert.Equal(4, KsProgram.Run("-u", "0027", "-t", "-f", missing).ExitCode);
        var r = KsProgram.Run("-u", "0999", "-t", "-f", missing);
        Assert.Equal(64, r.ExitCode);
        Assert.Contains("Invalid --umask option 0999", r.Stderr, StringComparison.Ordinal);
    }
}
