using KeepalivedSharp.Lab;

namespace KeepalivedSharp.TestKit;

/// <summary>
/// A notify FIFO the test creates (0600) and reads from its own thread, opening it again at each end of file:
/// keepalived closes and reopens its notify_fifo at a reload, so one open would miss the lines after it.
/// The FIFO is the test's, so no daemon unlinks it. Dispose stops the reader.
/// </summary>
public sealed class FifoLines : IDisposable
{
    private readonly List<string> _lines = [];
    private readonly object _gate = new();
    private readonly Thread _reader;
    private volatile bool _stopping;

    public string Path { get; }

    public FifoLines(string path)
    {
        Path = path;
        LabShell.Check("mkfifo", "-m", "0600", path);
        _reader = new Thread(Read) { IsBackground = true, Name = "fifo-reader" };
        _reader.Start();
    }

    public int Count
    {
        get
        {
            lock (_gate) return _lines.Count;
        }
    }

    /// <summary>The lines read from index <paramref name="from"/> up to <paramref name="to"/> (default: all so far).</summary>
    public string[] Slice(int from, int to = int.MaxValue)
    {
        lock (_gate) return [.. _lines.Skip(from).Take(to - from)];
    }

    /// <summary>Waits (bounded) until every line of <paramref name="expected"/> (as a multiset) was read after <paramref name="from"/>.</summary>
    public bool WaitFor(IEnumerable<string> expected, int from, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        lock (_gate)
        {
            while (!Contains(_lines.Skip(from), expected))
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero) return false;
                Monitor.Wait(_gate, left);
            }
            return true;
        }
    }

    /// <summary>True when <paramref name="seen"/> holds each of <paramref name="expected"/> at least as often.</summary>
    public static bool Contains(IEnumerable<string> seen, IEnumerable<string> expected)
    {
        var left = seen.GroupBy(l => l, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var e in expected)
        {
            if (left.GetValueOrDefault(e) == 0) return false;
            left[e]--;
        }
        return true;
    }

    private void Read()
    {
        while (!_stopping)
        {
            try
            {
                // open(O_RDONLY) blocks until a writer opens it; EOF when the last writer closes (a reload, the exit).
                using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
                using var text = new StreamReader(stream);
                while (text.ReadLine() is { } line)
                {
                    lock (_gate)
                    {
                        _lines.Add(line);
                        Monitor.PulseAll(_gate);
                    }
                }
            }
            catch (IOException)
            {
                if (_stopping) return;
            }
        }
    }

    public void Dispose()
    {
        _stopping = true;
        // An O_RDWR open never blocks and releases a reader waiting in open(); closing it gives that reader its EOF.
        try
        {
            using var unblock = new FileStream(Path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 1);
        }
        catch (IOException) { }
        _reader.Join(TimeSpan.FromSeconds(5));
    }
}
