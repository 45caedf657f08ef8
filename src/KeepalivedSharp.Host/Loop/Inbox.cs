namespace KeepalivedSharp.Host.Loop;

/// <summary>
/// The loop's input queue, bounded. Inputs with a coalescing key replace the one waiting under the
/// same key (so a flood of adverts for one VRID costs one slot, as keepalived takes one advert per
/// VRID per read pass); other inputs queue in order up to a capacity, past which they are dropped
/// and counted. Many writers, one reader.
/// </summary>
internal sealed class Inbox<TInput>(int capacity, Func<TInput, object?> coalesceKey) where TInput : class
{
    private readonly Lock _lock = new();
    // Order of arrival; a coalesced input keeps the place of the first one waiting under its key.
    private readonly Queue<(object? Key, TInput? Input)> _order = new();
    private readonly Dictionary<object, TInput> _latest = [];
    private long _dropped;

    public int Count
    {
        get
        {
            lock (_lock) return _order.Count;
        }
    }

    /// <summary>Inputs dropped because the queue was full, since the last <see cref="TakeDropped"/>.</summary>
    public long TakeDropped()
    {
        lock (_lock)
        {
            var d = _dropped;
            _dropped = 0;
            return d;
        }
    }

    /// <summary>Adds an input; false when it was dropped (queue full).</summary>
    public bool Add(TInput input)
    {
        var key = coalesceKey(input);
        lock (_lock)
        {
            if (key is not null && _latest.ContainsKey(key))
            {
                _latest[key] = input;
                return true;
            }
            if (_order.Count >= capacity)
            {
                _dropped++;
                return false;
            }
            if (key is null) _order.Enqueue((null, input));
            else
            {
                _latest[key] = input;
                _order.Enqueue((key, null));
            }
            return true;
        }
    }

    /// <summary>Moves everything waiting into <paramref name="into"/>, in order.</summary>
    public void DrainTo(List<TInput> into)
    {
        lock (_lock)
        {
            while (_order.TryDequeue(out var slot))
            {
                if (slot.Key is null) into.Add(slot.Input!);
                else if (_latest.Remove(slot.Key, out var latest)) into.Add(latest);
            }
        }
    }
}
