using System.Collections.Immutable;

namespace KeepalivedSharp.Config.Syntax;

/// <summary>
/// Splits a line into words as keepalived's alloc_strvec does: whitespace separates words, a
/// double-quoted string is one word without its quotes (no escapes at this level).
/// </summary>
internal static class Tokenizer
{
    private static bool IsSpace(char c) => c is ' ' or '\t' or '\f' or '\v' or '\r' or '\n';

    /// <summary>Returns the words; <paramref name="unmatchedQuote"/> is set when a quote is never closed.</summary>
    public static ImmutableArray<Token> Split(string line, out bool unmatchedQuote)
    {
        unmatchedQuote = false;
        var tokens = ImmutableArray.CreateBuilder<Token>();
        var i = 0;
        while (true)
        {
            while (i < line.Length && IsSpace(line[i])) i++;
            if (i >= line.Length) break;
            if (line[i] == '"')
            {
                var close = line.IndexOf('"', i + 1);
                if (close < 0)
                {
                    unmatchedQuote = true;
                    break;
                }
                tokens.Add(new Token(line[(i + 1)..close], true));
                i = close + 1;
                continue;
            }
            var start = i;
            while (i < line.Length && !IsSpace(line[i]) && line[i] != '"') i++;
            tokens.Add(new Token(line[start..i], false));
        }
        return tokens.ToImmutable();
    }

    /// <summary>
    /// Index of the first '{' or '}' outside double quotes, or -1; keepalived puts every brace on a
    /// line of its own, so <c>virtual_ipaddress { 10.0.0.1 }</c> reads as four lines.
    /// </summary>
    public static int FindBrace(string line)
    {
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c is '{' or '}') return i;
            if (c == '"')
            {
                var close = line.IndexOf('"', i + 1);
                if (close < 0) return -1;
                i = close;
            }
        }
        return -1;
    }
}
