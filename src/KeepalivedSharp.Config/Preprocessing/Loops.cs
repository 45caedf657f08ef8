using System.Globalization;

namespace KeepalivedSharp.Config.Preprocessing;

/// <summary>
/// keepalived's line loops. <c>~SEQ(var, end)</c>, <c>~SEQ(var, start, end)</c>, <c>~SEQ(var, start, step, end)</c>
/// (<c>~SEQx</c> gives hex values) and <c>~LST(var, a, b)</c> / <c>~LST({v1,v2}, {a,b}, {c,d})</c>:
/// the rest of the line is read once per value with the variables defined.
/// </summary>
internal static class Loops
{
    public const int MaxIterations = 65536;

    /// <summary>One loop: the variable sets per iteration and the text to repeat.</summary>
    internal sealed record Loop(IReadOnlyList<IReadOnlyList<(string Name, string Value)>> Iterations, string Text);

    public static bool IsLoop(string line) => line.StartsWith("~SEQ", StringComparison.Ordinal) || line.StartsWith("~LST", StringComparison.Ordinal);

    /// <summary>Parses a ~SEQ line; <paramref name="substitute"/> expands parameters inside the numbers.</summary>
    public static Loop? ParseSeq(string line, Func<string, string> substitute, out string? error)
    {
        error = null;
        var p = 4;
        var hex = p < line.Length && line[p] == 'x';
        if (hex) p++;
        SkipBlanks(line, ref p);
        if (p >= line.Length || line[p++] != '(') return Invalid(out error, "Invalid ~SEQ specification");
        SkipBlanks(line, ref p);
        var varStart = p;
        while (p < line.Length && line[p] is not (' ' or '\t' or ',' or ')')) p++;
        var name = line[varStart..p];
        SkipBlanks(line, ref p);
        if (p >= line.Length || line[p] == ')' || name.Length == 0) return Invalid(out error, "Invalid ~SEQ definition");
        p++;
        var close = line.IndexOf(')', p);
        if (close < 0) return Invalid(out error, "Invalid ~SEQ definition: missing ')'");
        var args = substitute(line[p..close]).Split(',');
        if (args.Length is < 1 or > 3) return Invalid(out error, "Invalid ~SEQ definition");
        var values = new long[args.Length];
        for (var i = 0; i < args.Length; i++)
            if (!TryStrtol(args[i], out values[i])) return Invalid(out error, "Invalid ~SEQ definition");
        long start, step, end;
        switch (values.Length)
        {
            case 1:
                end = values[0];
                step = end < 1 ? -1 : 1;
                start = end < 0 ? -1 : 1;
                break;
            case 2:
                (start, end) = (values[0], values[1]);
                step = start <= end ? 1 : -1;
                break;
            default:
                (start, step, end) = (values[0], values[1], values[2]);
                if (step == 0 || (start < end && step < 0) || (start > end && step > 0))
                    return Invalid(out error, "Invalid ~SEQ values");
                break;
        }
        if (hex && (start < 0 || end < 0)) return Invalid(out error, "~SEQx is only valid for positive numbers");
        var count = (end - start) / step + 1;
        if (count > MaxIterations) return Invalid(out error, $"~SEQ would repeat {count} times (limit {MaxIterations})");
        var iterations = new List<IReadOnlyList<(string, string)>>();
        for (var v = start; step > 0 ? v <= end : v >= end; v += step)
            iterations.Add([(name, hex ? v.ToString("x", CultureInfo.InvariantCulture) : v.ToString(CultureInfo.InvariantCulture))]);
        return new Loop(iterations, line[(close + 1)..].TrimStart(' ', '\t'));
    }

    /// <summary>Parses a ~LST line.</summary>
    public static Loop? ParseLst(string line, out string? error)
    {
        error = null;
        var p = 4;
        SkipBlanks(line, ref p);
        if (p >= line.Length || line[p++] != '(') return Invalid(out error, "Invalid ~LST specification");
        var close = FindClose(line, p);
        if (close < 0) return Invalid(out error, "Invalid ~LST specification: missing ')'");
        var groups = SplitGroups(line[p..close]);
        if (groups is null || groups.Count < 2) return Invalid(out error, "Invalid ~LST specification");
        var names = groups[0];
        if (names.Any(n => n.Length == 0)) return Invalid(out error, "Invalid ~LST specification");
        var iterations = new List<IReadOnlyList<(string, string)>>();
        foreach (var set in groups.Skip(1))
        {
            if (set.Count > names.Count) return Invalid(out error, "~LST specification has too many values");
            iterations.Add([.. names.Select((n, i) => (n, i < set.Count ? set[i] : ""))]);
        }
        return new Loop(iterations, line[(close + 1)..].TrimStart(' ', '\t'));
    }

    private static int FindClose(string line, int from)
    {
        var depth = 0;
        for (var i = from; i < line.Length; i++)
        {
            if (line[i] == '{') depth++;
            else if (line[i] == '}') depth--;
            else if (line[i] == ')' && depth == 0) return i;
        }
        return -1;
    }

    /// <summary>"{a,b},{1,2},c" -> [[a,b],[1,2],[c]]; null when braces do not balance.</summary>
    private static List<List<string>>? SplitGroups(string text)
    {
        var groups = new List<List<string>>();
        var i = 0;
        while (true)
        {
            SkipBlanks(text, ref i);
            if (i < text.Length && text[i] == '{')
            {
                var end = text.IndexOf('}', i);
                if (end < 0) return null;
                groups.Add([.. text[(i + 1)..end].Split(',').Select(s => s.Trim(' ', '\t'))]);
                i = end + 1;
                SkipBlanks(text, ref i);
            }
            else
            {
                var end = text.IndexOf(',', i);
                if (end < 0) end = text.Length;
                groups.Add([text[i..end].Trim(' ', '\t')]);
                i = end;
            }
            if (i >= text.Length) return groups;
            if (text[i] != ',') return null;
            i++;
        }
    }

    private static void SkipBlanks(string s, ref int p)
    {
        while (p < s.Length && s[p] is ' ' or '\t') p++;
    }

    private static Loop? Invalid(out string? error, string message)
    {
        error = message;
        return null;
    }

    /// <summary>strtol(s, &amp;end, 0) over the whole (blank-trimmed) text: sign, 0x hex, leading-0 octal; empty = 0.</summary>
    private static bool TryStrtol(string s, out long value)
    {
        value = 0;
        var t = s.Trim(' ', '\t');
        if (t.Length == 0) return true;
        var negative = t[0] == '-';
        if (t[0] is '-' or '+') t = t[1..];
        var numberBase = 10;
        if (t.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && t.Length > 2)
        {
            numberBase = 16;
            t = t[2..];
        }
        else if (t.Length > 1 && t[0] == '0')
            numberBase = 8;
        if (t.Length == 0) return false;
        try
        {
            value = Convert.ToInt64(t, numberBase);
        }
        catch (FormatException) { return false; }
        catch (OverflowException) { return false; }
        catch (ArgumentException) { return false; }
        if (value < 0) return false;
        if (negative) value = -value;
        return true;
    }
}
