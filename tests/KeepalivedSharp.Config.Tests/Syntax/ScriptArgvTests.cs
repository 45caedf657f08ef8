using System.Collections.Immutable;
using CsCheck;
using KeepalivedSharp.Config.Syntax;

namespace KeepalivedSharp.Config.Tests.Syntax;

/// <summary>Command lines as the script runner splits them (the argv overload of ScriptWords).</summary>
public sealed class ScriptArgvTests
{
    private static ImmutableArray<string> Split(string line)
    {
        Assert.True(ScriptWords.TrySplit(line, out var argv, out var error), error);
        return argv;
    }

    [Theory]
    [InlineData("/usr/bin/killall -0 haproxy", new[] { "/usr/bin/killall", "-0", "haproxy" })]
    [InlineData("  /bin/true\t ", new[] { "/bin/true" })]
    [InlineData("/bin/sh -c 'exit 1'", new[] { "/bin/sh", "-c", "exit 1" })]
    [InlineData("/bin/echo \"a b\" c", new[] { "/bin/echo", "a b", "c" })]
    [InlineData("/bin/echo pre\"fix suf\"fix", new[] { "/bin/echo", "prefix suffix" })]
    [InlineData("/bin/echo \"it's\" 'say \"hi\"'", new[] { "/bin/echo", "it's", "say \"hi\"" })]
    [InlineData("/bin/echo '' x", new[] { "/bin/echo", "", "x" })]
    [InlineData("/bin/echo a\\ b", new[] { "/bin/echo", "a b" })]
    [InlineData("/bin/echo $HOME;ls|wc", new[] { "/bin/echo", "$HOME;ls|wc" })]
    public void Split_QuotedAndPlainWords_GivesKeepalivedArgv(string line, string[] expected) =>
        Assert.Equal(expected, Split(line));

    [Theory]
    [InlineData("x\\n", "x\n")]
    [InlineData("x\\t", "x\t")]
    [InlineData("\\E", "\x1b")]
    [InlineData("\\x41\\x4a", "AJ")]
    [InlineData("\\101", "A")]
    [InlineData("\\cA", "\x01")]
    [InlineData("'a\\'b'", "a'b")]
    [InlineData("\"a\\\"b\"", "a\"b")]
    [InlineData("\\q", "q")]
    public void Split_Escapes_DecodedAsKeepalivedDoes(string line, string expected) =>
        Assert.Equal(expected, Assert.Single(Split(line)));

    [Theory]
    [InlineData("/bin/echo \"open", "missing terminating \"")]
    [InlineData("/bin/echo 'open", "missing terminating '")]
    [InlineData("/bin/echo x\\", "missing escape character at the end")]
    [InlineData("   ", "empty command line")]
    public void TrySplit_Malformed_FailsWithKeepalivedReason(string line, string reason)
    {
        Assert.False(ScriptWords.TrySplit(line, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Split_PlainWordsJoinedBySpaces_RoundTrips()
    {
        var word = Gen.String[Gen.Char["abcxyz019/._-=:,"], 1, 12];
        Gen.Select(word, word.Array[0, 6]).Sample((first, rest) =>
        {
            ImmutableArray<string> words = [first, .. rest];
            Assert.Equal(words.ToArray(), Split(string.Join(" ", words)).ToArray());
        });
    }

    [Fact]
    public void Split_WordsQuotedWithSingleQuotes_RoundTrips()
    {
        var word = Gen.String[Gen.Char["ab \t\"$;|*"], 0, 10];
        word.Array[1, 5].Sample(words =>
        {
            var line = string.Join(" ", words.Select(w => "'" + w + "'"));
            Assert.Equal(words, Split(line).ToArray());
        });
    }
}
