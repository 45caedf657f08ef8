namespace KeepalivedSharp.Config.Schema;

/// <summary>Optimal string alignment distance (Levenshtein plus adjacent transposition).</summary>
internal static class EditDistance
{
    public static int Compute(string a, string b)
    {
        if (a.Length > 256 || b.Length > 256) return int.MaxValue;
        var w = b.Length + 1;
        var d = new int[(a.Length + 1) * w];
        for (var i = 0; i <= a.Length; i++) d[i * w] = i;
        for (var j = 0; j <= b.Length; j++) d[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var v = Math.Min(Math.Min(d[(i - 1) * w + j] + 1, d[i * w + j - 1] + 1), d[(i - 1) * w + j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    v = Math.Min(v, d[(i - 2) * w + j - 2] + 1);
                d[i * w + j] = v;
            }
        }
        return d[a.Length * w + b.Length];
    }
}
