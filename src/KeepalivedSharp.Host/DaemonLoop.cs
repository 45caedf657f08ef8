using System.Collections.Concurrent;
using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Linux.Native;

namespace KeepalivedSharp.Host;

/// <summary>What other threads hand to the event loop.</summary>
public abstract record LoopInput;
public sealed record AdvertInput(ReceivedAdvert Advert) : LoopInput;
public sealed record LinkInput(string Interface, bool Up) : LoopInput;
public sealed record AddressGoneInput(System.Net.IPAddress Address, int InterfaceIndex, string InterfaceName) : LoopInput;
public sealed record ScriptInput(string Script, bool Success) : LoopInput;
public sealed record FileInput(string Name, long Value) : LoopInput;
public sealed record ProcessInput(string Name, bool Quorum) : LoopInput;
/// <summary>Runs work on the loop thread (status snapshots, dumps, reload) and completes when done.</summary>
public sealed record CallInput(Action Work, TaskCompletionSource Done) : LoopInput;

/// <summary>
/// The one thread that owns the engine. It sleeps until the engine's next deadline or the next
/// input, feeds the engine, and executes what the engine returns. Time is monotonic only.
/// </summary>
public sealed class DaemonLoop : IDisposable
{
    private readonly VrrpEngine _engine;
    private readonly HostExecutor _executor;
    private readonly TimeProvider _time;
    private readonly long _epoch;
    private readonly ConcurrentQueue<LoopInput> _inputs = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly List<EngineAction> _actions = [];
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stopRequested;
    private Thread? _thread;

    public DaemonLoop(VrrpEngine engine, HostExecutor executor, TimeProvider time)
    {
        _engine = engine;
        _executor = executor;
        _time = time;
        _epoch = time.GetTimestamp();
    }

    /// <summary>Monotonic time since the daemon started: the engine's clock.</summary>
    public TimeSpan Now => _time.GetElapsedTime(_epoch);

    public Task Stopped => _stopped.Task;

    /// <summary>Observes every executed action (status, tests).</summary>
    public Action<EngineAction, TimeSpan>? Observer { get; set; }

    /// <summary>Told when a VIP of a held instance was deleted behind our back.</summary>
    public Action<AddressGoneInput, string>? AddressDeleted { get; set; }

    public void Post(LoopInput input)
    {
        _inputs.Enqueue(input);
        _signal.Release();
    }

    /// <summary>Starts the loop thread; initial link states are applied before the engine starts.</summary>
    public void Start(IEnumerable<(string Interface, bool Up)> initialLinks, IEnumerable<LoopInput>? initialInputs = null)
    {
        var inputs = initialInputs?.ToList() ?? [];
        _thread = new Thread(() => Run(initialLinks, inputs)) { Name = "vrrp-loop", IsBackground = true, Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    /// <summary>Asks for a graceful stop: masters send priority 0 and release their addresses.</summary>
    public Task StopAsync()
    {
        _stopRequested = true;
        _signal.Release();
        return _stopped.Task;
    }

    private void Run(IEnumerable<(string Interface, bool Up)> initialLinks, List<LoopInput> initialInputs)
    {
        try
        {
            foreach (var (name, up) in initialLinks)
            {
                if (!up) Step(e => e.InterfaceState(name, false, Now, _actions));
            }
            // Tracker readings taken before the start: the engine starts with them (no transitions).
            foreach (var input in initialInputs) Handle(input);
            Step(e => e.Start(Now, _actions));
            while (!_stopRequested)
            {
                WaitForWork();
                while (_inputs.TryDequeue(out var input)) Handle(input);
                var now = Now;
                if (_engine.NextDeadline is { } due && due <= now) Step(e => e.Tick(now, _actions));
                _executor.RunDueRounds(now);
            }
            Step(e => e.Stop(Now, _actions));
            _stopped.TrySetResult();
        }
        catch (Exception e)
        {
            _stopped.TrySetException(e);
        }
    }

    private void WaitForWork()
    {
        CollectWhenIdle();
        var next = Min(_engine.NextDeadline, _executor.NextRoundDue);
        if (next is null)
        {
            _signal.Wait(1000);
            return;
        }
        var wait = next.Value - Now;
        if (wait <= TimeSpan.Zero) return;
        // Managed waits round to whole milliseconds: wait for input until ~1 ms before the deadline,
        // then sleep the rest precisely (an input arriving then waits at most that long).
        if (wait > PreciseTail && _signal.Wait((int)(wait - PreciseTail).TotalMilliseconds)) return;
        if (!_inputs.IsEmpty) return;
        MonotonicSleep.For(next.Value - Now);
    }

    private static readonly TimeSpan PreciseTail = TimeSpan.FromMilliseconds(1.5);

    /// <summary>
    /// Keeps the heap (and so the RSS) small: once 1 MB has been allocated since the last collection,
    /// run a gen0 collection now, while the loop would sleep anyway, rather than let the GC grow its
    /// gen0 budget to many megabytes and collect at a moment of its choosing. On this small heap a
    /// gen0 collection takes a fraction of a millisecond, and only when at least 2 ms remain before
    /// the next deadline.
    /// </summary>
    private void CollectWhenIdle()
    {
        long allocated = GC.GetTotalAllocatedBytes();
        if (allocated - _allocatedAtCollection < IdleCollectionBytes) return;
        if (Min(_engine.NextDeadline, _executor.NextRoundDue) is { } next && next - Now < TimeSpan.FromMilliseconds(2)) return;
        GC.Collect(0, GCCollectionMode.Forced, blocking: true);
        _allocatedAtCollection = allocated;
    }

    private const long IdleCollectionBytes = 1 << 20;
    private long _allocatedAtCollection;

    private void Handle(LoopInput input)
    {
        switch (input)
        {
            case AdvertInput a:
                Step(e => e.Receive(a.Advert, Now, _actions));
                break;
            case LinkInput l:
                Step(e => e.InterfaceState(l.Interface, l.Up, Now, _actions));
                break;
            case ScriptInput s:
                Step(e => e.ScriptResult(s.Script, s.Success, Now, _actions));
                break;
            case FileInput f:
                Step(e => e.FileValue(f.Name, f.Value, Now, _actions));
                break;
            case ProcessInput p:
                Step(e => e.ProcessQuorum(p.Name, p.Quorum, Now, _actions));
                break;
            case AddressGoneInput g:
                if (_executor.ReinstateStatic(g.Address, g.InterfaceIndex)) break;
                if (_executor.HolderOf(g.Address, g.InterfaceIndex) is { } instance && !_executor.AddressPresent(g.Address, g.InterfaceIndex))
                {
                    AddressDeleted?.Invoke(g, instance);
                    Step(e => e.VirtualAddressDeleted(instance, Now, _actions));
                }
                break;
            case CallInput c:
                try
                {
                    c.Work();
                    c.Done.TrySetResult();
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    c.Done.TrySetException(e);
                }
                break;
        }
    }

    /// <summary>Runs <paramref name="work"/> on the loop thread; there it may call <see cref="Apply"/>.</summary>
    public Task InvokeAsync(Action work)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_stopRequested || _stopped.Task.IsCompleted)
        {
            done.SetException(new InvalidOperationException("the daemon is stopping"));
            return done.Task;
        }
        Post(new CallInput(work, done));
        return done.Task;
    }

    /// <summary>Calls the engine and executes its actions. Only on the loop thread (inside <see cref="InvokeAsync"/>).</summary>
    public void Apply(Action<VrrpEngine, TimeSpan, List<EngineAction>> call) => Step(e => call(e, Now, _actions));

    /// <summary>The engine, for reads on the loop thread (inside <see cref="InvokeAsync"/>).</summary>
    public VrrpEngine Engine => _engine;

    private void Step(Action<VrrpEngine> call)
    {
        _actions.Clear();
        call(_engine);
        var now = Now;
        foreach (var a in _actions)
        {
            _executor.Execute(a, now);
            Observer?.Invoke(a, now);
        }
        _actions.Clear();
    }

    public void Dispose() => _signal.Dispose();

    private static TimeSpan? Min(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : (a < b ? a : b);
}
