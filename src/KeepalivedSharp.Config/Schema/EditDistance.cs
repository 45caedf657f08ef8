namespace KeepalivedSharp.Config.Schema;

/// <summary>Optimal string alignment distance (Levenshtein plus adjacent transposition).</summary>
internal static class EditDistance
{
    /// <summary>Longer words are never suggested for (no keyword comes close).</summary>
    public const int MaxLength = 256;

    /// <summary>
    /// The distance when it is at most <paramref name="bound"/>, otherwise <c>bound + 1</c>. Only the diagonal band
    /// |i - j| &lt;= bound is computed, and the search stops at the first row whose every cell is over the bound,
    /// so the work is at most <c>(a.Length + 1) * (2 * bound + 1)</c> cells (<paramref name="cells"/> counts them).
    /// </summary>
    public static int Bounded(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int bound, ref long cells)
    {
        if (bound < 0) return 0;
        if (a.Length > MaxLength || b.Length > MaxLength) return bound + 1;
        if (Math.Abs(a.Length - b.Length) > bound) return bound + 1;
        var over = bound + 1;
        var w = b.Length + 1;
        Span<int> rows = stackalloc int[3 * w];
        var prev2 = rows[..w];
        var prev = rows.Slice(w, w);
        var cur = rows.Slice(2 * w, w);
        for (var j = 0; j < w; j++) prev[j] = Math.Min(j, over);
        for (var i = 1; i <= a.Length; i++)
        {
            var lo = Math.Max(1, i - bound);
            var hi = Math.Min(b.Length, i + bound);
            cur[0] = Math.Min(i, over);
            if (lo > 1) cur[lo - 1] = over;
            var rowMin = cur[0] <= bound && lo == 1 ? cur[0] : over;
            for (var j = lo; j <= hi; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var v = Math.Min(Math.Min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    v = Math.Min(v, prev2[j - 2] + 1);
                v = Math.Min(v, over);
                cur[j] = v;
                if (v < rowMin) rowMin = v;
            }
            cells += hi - lo + 1;
            if (hi < b.Length) cur[hi + 1] = over;
            if (rowMin > bound) return over;
            var t = prev2;
            prev2 = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.Length];
    }
}
