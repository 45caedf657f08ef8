using System.Collections.Concurrent;
using KeepalivedSharp.Linux.Native;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Host.Loop;

/// <summary>
/// One thread that owns an engine's host adapter: it sleeps in one epoll wait until the handler's
/// next deadline, the next input, or a watched descriptor (the VRRP sockets) is readable; reads
/// those on this thread, feeds the inputs, and runs the timers. Input is bounded and coalescing
/// (<see cref="Inbox{TInput}"/>); time is monotonic only. An unexpected exception is fatal by
/// design: it is logged with its stack, the handler releases what it can, and
/// <see cref="Faulted"/> tells the process to exit non-zero so the service manager restarts it
/// (a daemon that silently stopped advertising while holding its VIPs is worse than a restart).
/// </summary>
public sealed class EventLoop<TInput> : IReadiness, ISocketLoop, IDisposable where TInput : class
{
    private readonly string _name;
    private readonly ILoopHandler<TInput> _handler;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly long _epoch;
    private readonly Inbox<TInput> _inbox;
    private readonly ConcurrentQueue<(Action Work, TaskCompletionSource Done)> _calls = new();
    private readonly EpollSet _epoll = new();
    private readonly ConcurrentDictionary<ulong, Action> _readable = new();
    private readonly ulong[] _ready = new ulong[64];
    private int _readyCount;
    private int _wakePending;
    private int _loopThreadId = -1;
    private readonly List<TInput> _batch = [];
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stopRequested;
    private Thread? _thread;

    /// <param name="readCoalescing">
    /// After a watched descriptor turns readable, wait this long (never past the next deadline)
    /// before reading, so that one wake-up reads a burst of datagrams instead of one each.
    /// </param>
    public EventLoop(string name, ILoopHandler<TInput> handler, Func<TInput, object?> coalesceKey, TimeProvider time, ILogger log, int capacity = 65_536,
        TimeSpan readCoalescing = default)
    {
        _readCoalescing = readCoalescing;
        _name = name;
        _handler = handler;
        _time = time;
        _log = log;
        _epoch = time.GetTimestamp();
        _inbox = new Inbox<TInput>(capacity, coalesceKey);
    }

    /// <summary>Monotonic time since the loop was made: the engine's clock.</summary>
    public TimeSpan Now => _time.GetElapsedTime(_epoch);

    /// <summary>Completes when the loop has stopped (faulted when it died).</summary>
    public Task Stopped => _stopped.Task;

    /// <summary>Told (on the loop thread, after the handler's abort) when the loop died of an unexpected exception.</summary>
    public Action<Exception>? Faulted { get; set; }

    /// <summary>Scheduling of the loop thread (vrrp_*/checker_* priorities); set before <see cref="Start"/>.</summary>
    public ILoopThreadPolicy? ThreadPolicy { get; set; }

    /// <summary>Inputs waiting (tests, status).</summary>
    public int Pending => _inbox.Count;

    public void Post(TInput input)
    {
        _inbox.Add(input);
        Wake();
    }

    /// <summary>
    /// Calls <paramref name="readable"/> on the loop thread whenever <paramref name="fd"/> has input
    /// (level-triggered: it must read until empty or leave the rest for the next pass). Any thread.
    /// </summary>
    public void Watch(int fd, Action readable)
    {
        _readable[(ulong)fd] = readable;
        _epoll.Add(fd, (ulong)fd);
    }

    /// <summary>
    /// Loop thread only: calls <paramref name="ready"/> when the socket <paramref name="fd"/> is readable (or
    /// writable), under a token of its own, so a stale readiness of a closed descriptor whose number was reused
    /// never reaches the new owner. The probes' sockets: no thread-pool or socket-engine hand-off per probe.
    /// </summary>
    public ulong WatchSocket(int fd, bool writable, Action ready)
    {
        ulong token = ++_nextSocketToken;
        _readable[token] = ready;
        try
        {
            _epoll.Add(fd, token, writable);
        }
        catch
        {
            _readable.TryRemove(token, out _);
            throw;
        }
        return token;
    }

    /// <summary>Loop thread only: switches a <see cref="WatchSocket"/> descriptor between readable and writable.</summary>
    public void RewatchSocket(int fd, ulong token, bool writable) => _epoll.Modify(fd, token, writable);

    /// <summary>Loop thread only: stops a <see cref="WatchSocket"/>; call before closing the socket.</summary>
    public void UnwatchSocket(int fd, ulong token)
    {
        _epoll.Remove(fd);
        _readable.TryRemove(token, out _);
    }

    /// <summary>Loop thread only: runs <paramref name="fire"/> on the loop at <see cref="Now"/> + <paramref name="delay"/>, unless cancelled.</summary>
    public LoopTimer After(TimeSpan delay, Action fire) => _timers.Add(Now + delay, fire);

    /// <summary>Above any descriptor number: <see cref="Watch"/>'s tokens are the descriptors themselves.</summary>
    private ulong _nextSocketToken = 1UL << 32;
    private readonly LoopTimers _timers = new();

    /// <summary>The handler's next deadline or the next loop timer, whichever is first.</summary>
    private TimeSpan? NextDue => (_handler.NextDeadline, _timers.Next) switch
    {
        ({ } a, { } b) => a < b ? a : b,
        (var a, var b) => a ?? b,
    };

    /// <summary>Stops watching <paramref name="fd"/>; call before closing it. Any thread.</summary>
    public void Unwatch(int fd)
    {
        _epoll.Remove(fd);
        _readable.TryRemove((ulong)fd, out _);
    }

    // One eventfd write per sleep at most, and none from the loop thread itself (it is awake).
    private void Wake()
    {
        if (Environment.CurrentManagedThreadId == _loopThreadId) return;
        if (Interlocked.Exchange(ref _wakePending, 1) == 0) _epoll.Wake();
    }

    /// <summary>Runs <paramref name="work"/> on the loop thread and completes when done.</summary>
    public Task InvokeAsync(Action work)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_stopRequested || _stopped.Task.IsCompleted)
        {
            done.SetException(new InvalidOperationException("the daemon is stopping"));
            return done.Task;
        }
        _calls.Enqueue((work, done));
        Wake();
        return done.Task;
    }

    public void Start()
    {
        _thread = new Thread(Run) { Name = _name + "-loop", IsBackground = true, Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    /// <summary>Asks for a graceful stop and completes when the handler has stopped.</summary>
    public Task StopAsync()
    {
        _stopRequested = true;
        Wake();
        return _stopped.Task;
    }

    private void Run()
    {
        _loopThreadId = Environment.CurrentManagedThreadId;
        try
        {
            ThreadPolicy?.Started();
            _handler.Start(Now);
            while (!_stopRequested)
            {
                WaitForWork();
                RunReadable();
                RunCalls();
                _inbox.DrainTo(_batch);
                foreach (var input in _batch) _handler.Handle(input, Now);
                _batch.Clear();
                if (_inbox.TakeDropped() is > 0 and var dropped) DaemonLog.InputsDropped(_log, _name, dropped);
                var now = Now;
                if (_handler.NextDeadline is { } due && due <= now)
                {
                    ThreadPolicy?.TimerRan(now - due);
                    _handler.Tick(now);
                }
                _timers.RunDue(Now);
            }
            _handler.Stop(Now);
            FailCalls();
            _stopped.TrySetResult();
        }
        catch (Exception e)
        {
            DaemonLog.LoopFailed(_log, e, _name);
            try
            {
                _handler.Abort(Now);
            }
            catch (Exception again)
            {
                DaemonLog.LoopFailed(_log, again, _name + " abort");
            }
            FailCalls();
            _stopped.TrySetException(e);
            Faulted?.Invoke(e);
        }
    }

    private void RunReadable()
    {
        for (int i = 0; i < _readyCount; i++)
        {
            if (_readable.TryGetValue(_ready[i], out var read)) read();
        }
        _readyCount = 0;
    }

    private void RunCalls()
    {
        while (_calls.TryDequeue(out var call))
        {
            try
            {
                call.Work();
                call.Done.TrySetResult();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The caller's own failure (a reload that cannot apply): it is theirs to report.
                call.Done.TrySetException(e);
            }
        }
    }

    private void FailCalls()
    {
        while (_calls.TryDequeue(out var call)) call.Done.TrySetException(new InvalidOperationException("the daemon is stopping"));
    }

    private void WaitForWork()
    {
        CollectWhenIdle();
        if (_inbox.Count > 0 || !_calls.IsEmpty) return;
        var next = NextDue;
        TimeSpan? wait = next is { } due ? due - Now : TimeSpan.FromSeconds(1);
        if (wait <= TimeSpan.Zero) return;
        // epoll_pwait2 waits to the nanosecond. Without it, epoll_wait rounds to whole milliseconds:
        // wait for input until ~1.5 ms before the deadline, then sleep the rest precisely.
        bool precise = EpollSet.PreciseTimeout;
        if (!precise && next is not null)
        {
            if (wait > PreciseTail && WaitOnce(wait - PreciseTail)) return;
            if (_inbox.Count > 0 || !_calls.IsEmpty) return;
            MonotonicSleep.For(next.Value - Now);
            return;
        }
        if (WaitOnce(wait) && _readyCount > 0 && _readCoalescing > TimeSpan.Zero)
        {
            // Let a burst gather: sockets stay readable (level-triggered), so nothing is lost.
            var left = next is { } n ? n - Now : _readCoalescing;
            var pause = left < _readCoalescing ? left : _readCoalescing;
            if (pause > TimeSpan.Zero) MonotonicSleep.For(pause);
        }
    }

    /// <summary>One epoll wait; true when something (input, a call, a readable descriptor) woke it.</summary>
    private bool WaitOnce(TimeSpan? timeout)
    {
        _readyCount = _epoll.Wait(timeout, _ready, out bool woken);
        if (woken) Volatile.Write(ref _wakePending, 0);
        return woken || _readyCount > 0;
    }

    private static readonly TimeSpan PreciseTail = TimeSpan.FromMilliseconds(1.5);
    private readonly TimeSpan _readCoalescing;

    /// <summary>
    /// Keeps the heap (and so the RSS) small: once 1 MB has been allocated since the last collection,
    /// run a gen0 collection now, while the loop would sleep anyway, rather than let the GC grow its
    /// gen0 budget to many megabytes. Only when at least 2 ms remain before the next deadline.
    /// </summary>
    private void CollectWhenIdle()
    {
        long allocated = GC.GetTotalAllocatedBytes();
        if (Volatile.Read(ref _compactionAskedAt) is > 0 and var asked
            && (HasHeadroom(CompactionHeadroom) || _time.GetElapsedTime(asked) > CompactionPatience))
        {
            Volatile.Write(ref _compactionAskedAt, 0);
            Compact();
            _allocatedAtCollection = allocated;
            return;
        }
        if (allocated - _allocatedAtCollection < IdleCollectionBytes) return;
        if (!HasHeadroom(TimeSpan.FromMilliseconds(2))) return;
        GC.Collect(0, GCCollectionMode.Forced, blocking: true);
        _allocatedAtCollection = allocated;
    }

    private bool HasHeadroom(TimeSpan needed) => NextDue is not { } next || next - Now >= needed;

    /// <summary>
    /// Asks for one full, compacting collection that gives the GC's free regions back to the kernel,
    /// run on the loop thread the next time it is idle with <see cref="CompactionHeadroom"/> to spare, or
    /// at the first idle moment after <see cref="CompactionPatience"/> when it never is (1,000 instances
    /// at advert_int 0.1 have a deadline every 10 µs; one pause of a few ms at start-up delays adverts
    /// by a small fraction of their interval).
    /// Start-up and a reload allocate the most (the config model, the plans) and leave the gen0 regions
    /// they touched resident: a gen0 collection reuses them but never returns them. Any thread.
    /// </summary>
    public void RequestCompaction()
    {
        Interlocked.CompareExchange(ref _compactionAskedAt, Math.Max(1, _time.GetTimestamp()), 0);
        Wake();
    }

    private void Compact()
    {
        // The figures read /proc twice: only when the line is logged.
        bool figures = _log.IsEnabled(LogLevel.Debug);
        long before = figures ? Environment.WorkingSet : 0;
        long started = _time.GetTimestamp();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        if (!figures) return;
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        DaemonLog.HeapCompacted(_log, _name, _time.GetElapsedTime(started).TotalMilliseconds, before >> 10, Environment.WorkingSet >> 10,
            info.HeapSizeBytes >> 10, info.TotalCommittedBytes >> 10);
    }

    /// <summary>A full compacting collection of a daemon's small heap takes a few ms; wait for twice the worst seen at 1,000 instances.</summary>
    private static readonly TimeSpan CompactionHeadroom = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan CompactionPatience = TimeSpan.FromSeconds(1);
    private long _compactionAskedAt; // a TimeProvider timestamp; 0 when none is asked for
    private const long IdleCollectionBytes = 1 << 20;
    private long _allocatedAtCollection;

    public void Dispose() => _epoll.Dispose();
}
