using System.Text;

namespace KeepalivedSharp.Config.Preprocessing;

/// <summary>
/// keepalived's decomment(): drops leading blanks, a comment from the first unquoted '#' or '!',
/// the backslash of an escaped '\#' / '\!', and trailing blanks; a final '\' (continuation) is kept.
/// </summary>
internal static class Decommenter
{
    private static readonly System.Buffers.SearchValues<char> Special = System.Buffers.SearchValues.Create("\"\\#!");
    private const string Blanks = " \t";

    public static string Strip(string line, out bool unterminatedQuote) => Strip(line, line, out unterminatedQuote);

    public static string Strip(ReadOnlySpan<char> line, out bool unterminatedQuote) => Strip(line, null, out unterminatedQuote);

    /// <summary>
    /// Most lines have no quote, comment or backslash: then decommenting only drops the blanks at both ends,
    /// and this gives that result without making a string. False for any other line.
    /// </summary>
    public static bool TryTrim(ReadOnlySpan<char> line, out ReadOnlySpan<char> trimmed)
    {
        if (line.ContainsAny(Special))
        {
            trimmed = default;
            return false;
        }
        trimmed = line.Trim(Blanks);
        return true;
    }

    /// <param name="whole">The line as a string when there is one, returned as it is when nothing is stripped.</param>
    private static string Strip(ReadOnlySpan<char> line, string? whole, out bool unterminatedQuote)
    {
        if (TryTrim(line, out var trimmed))
        {
            unterminatedQuote = false;
            return whole is not null && trimmed.Length == whole.Length ? whole : new string(trimmed);
        }
        var sb = new StringBuilder(line.Length);
        var quote = false;
        var cont = false;
        var comment = -1;
        var i = 0;
        while (i < line.Length && line[i] is ' ' or '\t') i++;
        for (; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '"')
            {
                if (comment < 0) quote = !quote;
                sb.Append(c);
                continue;
            }
            if (c == '\\')
            {
                if (i + 1 >= line.Length)
                {
                    cont = true;
                    break;
                }
                var next = line[i + 1];
                if (!quote && next is '#' or '!') sb.Append(next);
                else sb.Append(c).Append(next);
                i++;
                continue;
            }
            if (!quote && comment < 0 && c is '!' or '#') comment = sb.Length;
            sb.Append(c);
        }
        unterminatedQuote = quote;
        if (comment >= 0) sb.Length = comment;
        var end = sb.Length;
        while (end > 0 && sb[end - 1] is ' ' or '\t') end--;
        sb.Length = end;
        if (cont) sb.Append('\\');
        return sb.ToString();
    }
}
