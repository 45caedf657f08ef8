using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace KeepalivedSharp.Config.Syntax;

/// <summary>
/// Splits a line into words as keepalived's alloc_strvec does: whitespace separates words, a
/// double-quoted string is one word without its quotes (no escapes at this level).
/// </summary>
internal static class Tokenizer
{
    private static bool IsSpace(char c) => c is ' ' or '\t' or '\f' or '\v' or '\r' or '\n';

    /// <summary>Returns the words; <paramref name="unmatchedQuote"/> is set when a quote is never closed.</summary>
    public static ImmutableArray<Token> Split(ReadOnlySpan<char> line, out bool unmatchedQuote)
    {
        // Two passes over the line (count, then fill) so the array is allocated once at its exact size.
        var count = 0;
        var i = 0;
        while (NextWord(line, ref i, out _, out _, out _)) count++;
        unmatchedQuote = i < line.Length;
        if (count == 0) return [];
        var tokens = new Token[count];
        i = 0;
        for (var k = 0; k < count; k++)
        {
            NextWord(line, ref i, out var start, out var length, out var quoted);
            tokens[k] = new Token(Text(line.Slice(start, length)), quoted);
        }
        return ImmutableCollectionsMarshal.AsImmutableArray(tokens);
    }

    /// <summary>
    /// The next word from <paramref name="i"/>; false at the end of the line or at a quote that is never
    /// closed (then <paramref name="i"/> stays before the end, which is how <see cref="Split"/> tells the two apart).
    /// </summary>
    private static bool NextWord(ReadOnlySpan<char> line, ref int i, out int start, out int length, out bool quoted)
    {
        while (i < line.Length && IsSpace(line[i])) i++;
        start = i;
        length = 0;
        quoted = false;
        if (i >= line.Length) return false;
        if (line[i] == '"')
        {
            var close = line[(i + 1)..].IndexOf('"');
            if (close < 0) return false;
            start = i + 1;
            length = close;
            quoted = true;
            i = start + close + 1;
            return true;
        }
        while (i < line.Length && !IsSpace(line[i]) && line[i] != '"') i++;
        length = i - start;
        return true;
    }

    /// <summary>The word as a string; the braces every block line consists of are shared, not allocated.</summary>
    private static string Text(ReadOnlySpan<char> word) => word switch
    {
        "{" => "{",
        "}" => "}",
        _ => new string(word),
    };

    /// <summary>
    /// Index of the first '{' or '}' outside double quotes, or -1; keepalived puts every brace on a
    /// line of its own, so <c>virtual_ipaddress { 10.0.0.1 }</c> reads as four lines.
    /// </summary>
    public static int FindBrace(ReadOnlySpan<char> line)
    {
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c is '{' or '}') return i;
            if (c == '"')
            {
                var close = line[(i + 1)..].IndexOf('"');
                if (close < 0) return -1;
                i += close + 1;
            }
        }
        return -1;
    }
}
