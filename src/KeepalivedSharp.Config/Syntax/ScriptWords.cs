using System.Collections.Immutable;
using System.Text;

namespace KeepalivedSharp.Config.Syntax;

/// <summary>
/// How keepalived 2.2.7 re-reads a script line (lib/parser.c alloc_strvec_quoted_escaped): words split on white
/// space; '…' and "…" group text and may open or close inside a word; a backslash escapes one character inside
/// and outside quotes, with the C escapes \a \b \E \f \n \r \t \v, octal \NNN, hex \xHH and control \cX.
/// keepalived applies it twice to a script: to the keyword line (command, user, group), then to the command.
/// </summary>
public static class ScriptWords
{
    private const string Blank = " \t\f\n\r\v";

    // Letter after the backslash, then the character it stands for.
    private const string NamedEscapes = "a\ab\bE\u001bf\fn\nr\rt\tv\v";

    /// <summary>The argv of a command line (notify and track scripts): its words, or false with the reason
    /// (an unterminated quote, a trailing backslash, or no word at all).</summary>
    public static bool TrySplit(string commandLine, out ImmutableArray<string> argv, out string? error)
    {
        var words = new List<string>(4);
        argv = [];
        if (!TrySplit(commandLine, words, out error)) return false;
        if (words.Count == 0)
        {
            error = "empty command line";
            return false;
        }
        argv = [.. words];
        return true;
    }

    /// <summary>Appends the words of <paramref name="text"/>; false with keepalived's reason for a bad line.</summary>
    public static bool TrySplit(ReadOnlySpan<char> text, List<string> words, out string? error)
    {
        var word = new StringBuilder();
        var at = 0;
        while (true)
        {
            while (at < text.Length && Blank.Contains(text[at], StringComparison.Ordinal)) at++;
            if (at == text.Length) break;
            word.Clear();
            var open = '\0';
            while (at < text.Length)
            {
                var c = text[at++];
                if (c == '\\')
                {
                    if (at == text.Length)
                    {
                        error = $"missing escape character at the end of '{text}'";
                        return false;
                    }
                    word.Append(Unescape(text, ref at));
                }
                else if (open != '\0') { if (c == open) open = '\0'; else word.Append(c); }
                else if (c is '"' or '\'') open = c;
                else if (Blank.Contains(c, StringComparison.Ordinal)) break;
                else word.Append(c);
            }
            if (open != '\0')
            {
                error = $"missing terminating {open} in '{text}'";
                return false;
            }
            words.Add(word.ToString());
        }
        error = null;
        return true;
    }

    /// <summary>The character for the escape whose letter is at <paramref name="at"/> (just after the backslash).</summary>
    private static char Unescape(ReadOnlySpan<char> text, ref int at)
    {
        var letter = text[at++];
        if (letter == 'x' && at < text.Length && char.IsAsciiHexDigit(text[at]))
        {
            // keepalived shifts every hex digit into one char: only the last two count.
            var value = 0;
            for (; at < text.Length && char.IsAsciiHexDigit(text[at]); at++)
                value = ((value << 4) + Convert.ToInt32(text[at].ToString(), 16)) & 0xff;
            return (char)value;
        }
        if (letter == 'c' && at < text.Length) return (char)(text[at++] & 0x1f);
        if (letter is >= '0' and <= '7')
        {
            var value = letter - '0';
            for (var more = 0; more < 2 && at < text.Length && text[at] is >= '0' and <= '7'; more++) value = value * 8 + text[at++] - '0';
            return (char)(value & 0xff);
        }
        for (var k = 0; k < NamedEscapes.Length; k += 2)
            if (NamedEscapes[k] == letter) return NamedEscapes[k + 1];
        return letter;
    }
}
