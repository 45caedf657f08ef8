using CsCheck;
using KeepalivedSharp.Config.Syntax;

namespace KeepalivedSharp.Config.Tests.Syntax;

/// <summary>keepalived's quoted/escaped re-reading of script lines (lib/parser.c alloc_strvec_quoted_escaped).</summary>
public class ScriptWordsTests
{
    private static string[] Split(string text)
    {
        var words = new List<string>();
        Assert.True(ScriptWords.TrySplit(text, words, out var error), error);
        return [.. words];
    }

    [Theory]
    [InlineData("/x/a.sh  one\ttwo", new[] { "/x/a.sh", "one", "two" })]
    [InlineData("\"/x/a.sh one\" root", new[] { "/x/a.sh one", "root" })]
    [InlineData("'/x/a.sh \"q\"' root grp", new[] { "/x/a.sh \"q\"", "root", "grp" })]
    [InlineData("a\"b c\"d", new[] { "ab cd" })]
    [InlineData("a\\ b", new[] { "a b" })]
    [InlineData("\"a\\\"b\"", new[] { "a\"b" })]
    [InlineData("''", new[] { "" })]
    public void TrySplit_QuotesAndBackslashes_GroupWordsAsKeepalived(string text, string[] expected)
        => Assert.Equal(expected, Split(text));

    [Theory]
    [InlineData("\\x41", "A")]
    [InlineData("\\x4142", "B")] // every hex digit shifts into one char: the last two count
    [InlineData("\\101", "A")]
    [InlineData("\\1017", "A7")]
    [InlineData("\\cA", "\u0001")]
    [InlineData("\\t\\n\\E", "\t\n\u001b")]
    [InlineData("\\q", "q")]
    public void TrySplit_Escapes_DecodeAsKeepalived(string text, string expected)
        => Assert.Equal(expected, Assert.Single(Split(text)));

    [Theory]
    [InlineData("\"/x/a.sh", "missing terminating \"")]
    [InlineData("'/x/a.sh", "missing terminating '")]
    [InlineData("/x/a.sh \\", "missing escape character at the end")]
    public void TrySplit_BadLine_FalseWithReason(string text, string reason)
    {
        Assert.False(ScriptWords.TrySplit(text, [], out var error));
        Assert.StartsWith(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TrySplit_SingleQuotedWords_RoundTrip()
        => Gen.String[Gen.Char.Where(c => c != '\'' && c != '\\'), 0, 20].Array[1, 6].Sample(words =>
            Assert.Equal(words, Split(string.Join(' ', words.Select(w => "'" + w + "'")))));
}
