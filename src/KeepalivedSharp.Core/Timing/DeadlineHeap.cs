namespace KeepalivedSharp.Core.Timing;

/// <summary>Something with at most one pending deadline, kept in a <see cref="DeadlineHeap"/>.</summary>
public abstract class Timed
{
    internal int HeapSlot = -1;
    internal bool Dirty;
    internal DeadlineHeap? Heap;

    /// <summary>Breaks ties between equal deadlines: lower first, so simultaneous timers fire in a stable order.</summary>
    public int Order { get; set; }

    /// <summary>The earliest time this owner needs to run, or null.</summary>
    public abstract TimeSpan? Deadline { get; }

    /// <summary>Call after changing anything <see cref="Deadline"/> reads; the heap re-reads it on its next flush.</summary>
    protected void Touch() => Heap?.Touch(this);
}

/// <summary>
/// An indexed binary min-heap of owners by deadline: the earliest is read in O(1), an owner whose
/// deadline changed moves in O(log n), and nothing else is visited. Owners mark themselves dirty
/// (<see cref="Timed.Touch"/>); <see cref="Flush"/> re-reads only those. Allocation-free once grown.
/// </summary>
public sealed class DeadlineHeap
{
    private Timed[] _owners = new Timed[16];
    private long[] _ticks = new long[16];
    private readonly List<Timed> _dirty = [];
    private int _count;

    public int Count => _count;

    /// <summary>The earliest deadline (after <see cref="Flush"/>), or null when nothing is armed.</summary>
    public TimeSpan? Earliest => _count == 0 ? null : new TimeSpan(_ticks[0]);

    /// <summary>The owner of the earliest deadline (after <see cref="Flush"/>).</summary>
    public Timed? First => _count == 0 ? null : _owners[0];

    public void Add(Timed owner)
    {
        owner.Heap = this;
        Touch(owner);
    }

    /// <summary>Forgets every owner (they stop reporting here).</summary>
    public void Clear()
    {
        for (int k = 0; k < _count; k++) Detach(_owners[k]);
        foreach (var d in _dirty) Detach(d);
        Array.Clear(_owners, 0, _count);
        _dirty.Clear();
        _count = 0;
    }

    internal void Touch(Timed owner)
    {
        if (owner.Dirty) return;
        owner.Dirty = true;
        _dirty.Add(owner);
    }

    /// <summary>Re-reads the deadlines of the owners touched since the last flush.</summary>
    public void Flush()
    {
        // An owner's Deadline getter never touches, so the list does not change under us.
        for (int k = 0; k < _dirty.Count; k++)
        {
            var o = _dirty[k];
            o.Dirty = false;
            if (o.Heap == this) Update(o, o.Deadline);
        }
        _dirty.Clear();
    }

    private void Update(Timed o, TimeSpan? at)
    {
        if (at is not { } t)
        {
            if (o.HeapSlot >= 0) RemoveAt(o.HeapSlot);
            return;
        }
        if (o.HeapSlot < 0)
        {
            if (_count == _owners.Length)
            {
                Array.Resize(ref _owners, _count * 2);
                Array.Resize(ref _ticks, _count * 2);
            }
            Place(o, t.Ticks, _count++);
            SiftUp(o.HeapSlot);
            return;
        }
        _ticks[o.HeapSlot] = t.Ticks;
        SiftUp(o.HeapSlot);
        SiftDown(o.HeapSlot);
    }

    private void RemoveAt(int slot)
    {
        var gone = _owners[slot];
        gone.HeapSlot = -1;
        int last = --_count;
        if (slot != last)
        {
            Place(_owners[last], _ticks[last], slot);
            SiftDown(slot);
            SiftUp(slot);
        }
        _owners[last] = null!;
    }

    private void SiftUp(int slot)
    {
        var o = _owners[slot];
        long t = _ticks[slot];
        while (slot > 0)
        {
            int parent = (slot - 1) >> 1;
            if (!Before(t, o, _ticks[parent], _owners[parent])) break;
            Place(_owners[parent], _ticks[parent], slot);
            slot = parent;
        }
        Place(o, t, slot);
    }

    private void SiftDown(int slot)
    {
        var o = _owners[slot];
        long t = _ticks[slot];
        while (true)
        {
            int child = 2 * slot + 1;
            if (child >= _count) break;
            if (child + 1 < _count && Before(_ticks[child + 1], _owners[child + 1], _ticks[child], _owners[child])) child++;
            if (!Before(_ticks[child], _owners[child], t, o)) break;
            Place(_owners[child], _ticks[child], slot);
            slot = child;
        }
        Place(o, t, slot);
    }

    private static bool Before(long t1, Timed o1, long t2, Timed o2) => t1 < t2 || (t1 == t2 && o1.Order < o2.Order);

    private void Place(Timed o, long ticks, int slot)
    {
        _owners[slot] = o;
        _ticks[slot] = ticks;
        o.HeapSlot = slot;
    }

    private static void Detach(Timed o)
    {
        o.HeapSlot = -1;
        o.Dirty = false;
        o.Heap = null;
    }
}
