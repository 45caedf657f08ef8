using System.Text;

namespace KeepalivedSharp.Config.Preprocessing;

/// <summary>glob(3)-style matching as keepalived uses it (GLOB_BRACE): brace alternatives, then per-segment wildcards.</summary>
internal static class Glob
{
    public static bool HasWildcards(string pattern) => pattern.IndexOfAny(['*', '?', '[']) >= 0;

    /// <summary>Expands <c>{a,b}</c> alternatives (nested allowed); text without braces comes back unchanged.</summary>
    public static IEnumerable<string> ExpandBraces(string pattern)
    {
        var open = pattern.IndexOf('{', StringComparison.Ordinal);
        if (open < 0) return [pattern];
        var depth = 0;
        var parts = new List<string>();
        var start = open + 1;
        for (var i = open; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '{') depth++;
            else if (c == '}' && --depth == 0)
            {
                parts.Add(pattern[start..i]);
                var head = pattern[..open];
                var tail = pattern[(i + 1)..];
                return parts.SelectMany(p => ExpandBraces(head + p + tail));
            }
            else if (c == ',' && depth == 1)
            {
                parts.Add(pattern[start..i]);
                start = i + 1;
            }
        }
        return [pattern];
    }

    /// <summary>fnmatch for one path segment: <c>*</c>, <c>?</c>, <c>[abc]</c>, <c>[!a-z]</c>, backslash escapes.</summary>
    public static bool Match(ReadOnlySpan<char> pattern, ReadOnlySpan<char> name)
    {
        if (name.Length > 0 && name[0] == '.' && (pattern.Length == 0 || pattern[0] != '.')) return false;
        return MatchFrom(pattern, name);
    }

    private static bool MatchFrom(ReadOnlySpan<char> p, ReadOnlySpan<char> s)
    {
        while (p.Length > 0)
        {
            switch (p[0])
            {
                case '*':
                    p = p[1..];
                    for (var i = 0; i <= s.Length; i++)
                        if (MatchFrom(p, s[i..])) return true;
                    return false;
                case '?':
                    if (s.Length == 0) return false;
                    p = p[1..];
                    s = s[1..];
                    break;
                case '[':
                    {
                        if (s.Length == 0) return false;
                        var close = p[1..].IndexOf(']');
                        if (close < 0) goto default;
                        var set = p.Slice(1, close + (close == 0 && p.Length > 2 ? 1 : 0));
                        if (!InSet(set, s[0])) return false;
                        p = p[(set.Length + 2)..];
                        s = s[1..];
                        break;
                    }
                case '\\' when p.Length > 1:
                    if (s.Length == 0 || s[0] != p[1]) return false;
                    p = p[2..];
                    s = s[1..];
                    break;
                default:
                    if (s.Length == 0 || s[0] != p[0]) return false;
                    p = p[1..];
                    s = s[1..];
                    break;
            }
        }
        return s.Length == 0;
    }

    private static bool InSet(ReadOnlySpan<char> set, char c)
    {
        var negate = set.Length > 0 && (set[0] == '!' || set[0] == '^');
        if (negate) set = set[1..];
        var hit = false;
        for (var i = 0; i < set.Length; i++)
        {
            if (i + 2 < set.Length && set[i + 1] == '-')
            {
                if (c >= set[i] && c <= set[i + 2]) hit = true;
                i += 2;
            }
            else if (set[i] == c) hit = true;
        }
        return hit != negate;
    }

    /// <summary>Joins path segments the way the expansion walks them.</summary>
    public static string Join(string dir, string name)
    {
        var sb = new StringBuilder(dir);
        if (sb.Length == 0 || sb[^1] != '/') sb.Append('/');
        return sb.Append(name).ToString();
    }
}
