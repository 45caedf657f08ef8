using KeepalivedSharp.Core.Timing;

namespace KeepalivedSharp.Core.Tests.Timing;

public class DeadlineHeapTests
{
    private sealed class Owner : Timed
    {
        private TimeSpan? _at;
        public TimeSpan? At { get => _at; set { _at = value; Touch(); } }
        public override TimeSpan? Deadline => _at;
    }

    [Fact]
    public void RandomUpdates_EarliestAlwaysMatchesAScan()
    {
        var random = new Random(7);
        var heap = new DeadlineHeap();
        var owners = Enumerable.Range(0, 200).Select(k => new Owner { Order = k }).ToList();
        foreach (var o in owners) heap.Add(o);
        for (int step = 0; step < 20_000; step++)
        {
            var o = owners[random.Next(owners.Count)];
            o.At = random.Next(5) == 0 ? null : TimeSpan.FromMilliseconds(random.Next(1000));
            if (random.Next(3) == 0) continue; // several changes between flushes
            heap.Flush();
            var expected = owners.Where(x => x.At is not null).OrderBy(x => x.At).ThenBy(x => x.Order).FirstOrDefault();
            Assert.Equal(expected?.At, heap.Earliest);
            Assert.Same(expected, heap.First);
            Assert.Equal(owners.Count(x => x.At is not null), heap.Count);
        }
    }

    [Fact]
    public void EqualDeadlines_FirstIsTheLowestOrder()
    {
        var heap = new DeadlineHeap();
        var owners = Enumerable.Range(0, 10).Select(k => new Owner { Order = 9 - k }).ToList();
        foreach (var o in owners)
        {
            heap.Add(o);
            o.At = TimeSpan.FromSeconds(1);
        }
        heap.Flush();
        Assert.Equal(0, heap.First!.Order);
    }

    [Fact]
    public void Clear_ForgetsOwners_AndTheirLaterChanges()
    {
        var heap = new DeadlineHeap();
        var o = new Owner();
        heap.Add(o);
        o.At = TimeSpan.FromSeconds(1);
        heap.Flush();
        heap.Clear();
        o.At = TimeSpan.FromSeconds(2);
        heap.Flush();
        Assert.Null(heap.Earliest);
        Assert.Equal(0, heap.Count);
    }
}
