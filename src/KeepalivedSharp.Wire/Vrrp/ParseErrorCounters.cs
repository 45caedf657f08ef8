namespace KeepalivedSharp.Wire.Vrrp;

/// <summary>Per-reason counts of rejected datagrams; increments are thread-safe.</summary>
public sealed class ParseErrorCounters
{
    private static readonly VrrpParseError[] Reasons = Enum.GetValues<VrrpParseError>();
    private readonly long[] _counts = new long[(int)Reasons.Max() + 1];

    /// <summary>Counts one rejection; <see cref="VrrpParseError.None"/> is ignored.</summary>
    public void Increment(VrrpParseError reason)
    {
        if (reason != VrrpParseError.None && (int)reason < _counts.Length)
            Interlocked.Increment(ref _counts[(int)reason]);
    }

    /// <summary>Counts the reason of a parse result when it is a rejection; returns whether the packet is valid.</summary>
    public bool Record(in VrrpParseResult result)
    {
        Increment(result.Error);
        return result.IsValid;
    }

    public long this[VrrpParseError reason]
        => (int)reason < _counts.Length ? Interlocked.Read(ref _counts[(int)reason]) : 0;

    public long Total
    {
        get
        {
            long total = 0;
            for (var i = 1; i < _counts.Length; i++) total += Interlocked.Read(ref _counts[i]);
            return total;
        }
    }

    /// <summary>Non-zero counts, by reason.</summary>
    public IReadOnlyList<KeyValuePair<VrrpParseError, long>> Snapshot()
    {
        var list = new List<KeyValuePair<VrrpParseError, long>>();
        foreach (var reason in Reasons)
        {
            var count = this[reason];
            if (reason != VrrpParseError.None && count != 0) list.Add(new(reason, count));
        }
        return list;
    }
}
