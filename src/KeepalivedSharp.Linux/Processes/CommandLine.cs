using System.Collections.Immutable;
using System.Text;

namespace KeepalivedSharp.Linux.Processes;

/// <summary>
/// Splits a script command line into argv the way keepalived 2.2.7 does (lib/parser.c,
/// alloc_strvec_quoted_escaped): words split on white space; '…' and "…" group text (quotes may start or end
/// inside a word); a backslash escapes inside and outside quotes, with C escapes (\n \t \a \b \E \f \r \v),
/// octal \NNN, hex \xHH and control \cX. No shell is involved: $, *, | and ; are plain characters.
/// </summary>
public static class CommandLine
{
    private const string WhiteSpace = " \t\f\n\r\v";

    /// <summary>The words of <paramref name="line"/>; throws <see cref="FormatException"/> with keepalived's reason.</summary>
    public static ImmutableArray<string> Split(string line) =>
        TrySplit(line, out var argv, out var error) ? argv : throw new FormatException(error);

    /// <summary>False with keepalived's reason for an unmatched quote, a trailing backslash or an empty line.</summary>
    public static bool TrySplit(string line, out ImmutableArray<string> argv, out string? error)
    {
        var words = ImmutableArray.CreateBuilder<string>();
        var word = new StringBuilder();
        var i = 0;
        argv = [];
        while (i < line.Length)
        {
            while (i < line.Length && WhiteSpace.Contains(line[i], StringComparison.Ordinal)) i++;
            if (i == line.Length) break;
            word.Clear();
            var quote = '\0';
            while (i < line.Length)
            {
                var c = line[i];
                if (c == '\\')
                {
                    if (++i == line.Length)
                    {
                        error = $"Missing escape char at end: '{line}'";
                        return false;
                    }
                    word.Append(Escape(line, ref i));
                    continue;
                }
                if (quote != '\0')
                {
                    if (c == quote) quote = '\0';
                    else word.Append(c);
                    i++;
                    continue;
                }
                if (c is '"' or '\'')
                {
                    quote = c;
                    i++;
                    continue;
                }
                if (WhiteSpace.Contains(c, StringComparison.Ordinal)) break;
                word.Append(c);
                i++;
            }
            if (quote != '\0')
            {
                error = $"String '{line}': missing terminating {quote}";
                return false;
            }
            words.Add(word.ToString());
        }
        if (words.Count == 0)
        {
            error = "empty command line";
            return false;
        }
        argv = words.ToImmutable();
        error = null;
        return true;
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    /// <summary>Decodes the escape starting at <paramref name="i"/> (just after the backslash), advancing past it.</summary>
    private static char Escape(string s, ref int i)
    {
        var c = s[i];
        if (c == 'x' && i + 1 < s.Length && char.IsAsciiHexDigit(s[i + 1]))
        {
            var v = 0;
            i++;
            // keepalived keeps shifting every hex digit into one char, so only the last two count.
            while (i < s.Length && char.IsAsciiHexDigit(s[i])) v = ((v << 4) | HexValue(s[i++])) & 0xff;
            return (char)v;
        }
        if (c == 'c' && i + 1 < s.Length)
        {
            var ctl = (char)(s[i + 1] & 0x1f);
            i += 2;
            return ctl;
        }
        if (c is >= '0' and <= '7')
        {
            var v = c - '0';
            i++;
            for (var n = 0; n < 2 && i < s.Length && s[i] is >= '0' and <= '7'; n++) v = (v << 3) + (s[i++] - '0');
            return (char)(v & 0xff);
        }
        i++;
        return c switch
        {
            'a' => '\a',
            'b' => '\b',
            'E' => '\x1b',
            'f' => '\f',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'v' => '\v',
            _ => c,
        };
    }
}
