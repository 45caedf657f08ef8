using System.Net;
using System.Net.Sockets;
using KeepalivedSharp.Host.Loop;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KeepalivedSharp.Host.Tests.Loop;

public sealed class EventLoopTests
{
    private sealed record Input(string Key, int Value);

    private sealed class Handler : ILoopHandler<Input>
    {
        public List<Input> Seen { get; } = [];
        public bool Aborted { get; private set; }
        public bool Throw { get; set; }
        /// <summary>The loop sleeps until this deadline when idle (null: it wakes every second).</summary>
        public TimeSpan? Deadline { get; set; }
        public TimeSpan? NextDeadline => Deadline;
        public TaskCompletionSource Handled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Start(TimeSpan now)
        {
        }

        public void Handle(Input input, TimeSpan now)
        {
            if (Throw) throw new InvalidOperationException("boom");
            lock (Seen) Seen.Add(input);
            Handled.TrySetResult();
        }

        public void Tick(TimeSpan now)
        {
        }

        public void Stop(TimeSpan now)
        {
        }

        public void Abort(TimeSpan now) => Aborted = true;
    }

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public void Inbox_FloodUnderOneKey_KeepsOnlyTheLatest_AndBoundsTheQueue()
    {
        var inbox = new Inbox<Input>(capacity: 4, i => i.Key == "" ? null : i.Key);
        for (int k = 0; k < 10_000; k++) inbox.Add(new Input("vrid51", k));
        for (int k = 0; k < 10; k++) inbox.Add(new Input("", k));

        var drained = new List<Input>();
        inbox.DrainTo(drained);

        Assert.Equal(new Input("vrid51", 9_999), drained[0]);
        Assert.Equal(4, drained.Count); // 1 coalesced slot + 3 queued; the other 7 dropped and counted
        Assert.Equal(7, inbox.TakeDropped());
    }

    [Fact]
    public async Task Handle_Throws_LoopAbortsHandlerAndReportsFault()
    {
        var handler = new Handler { Throw = true };
        using var loop = new EventLoop<Input>("test", handler, _ => null, TimeProvider.System, NullLogger.Instance);
        var faulted = new TaskCompletionSource<Exception>();
        loop.Faulted = e => faulted.TrySetResult(e);
        loop.Start();
        loop.Post(new Input("", 1));

        var e = await faulted.Task.WaitAsync(Bound);
        Assert.IsType<InvalidOperationException>(e);
        Assert.True(handler.Aborted);
        await Assert.ThrowsAsync<InvalidOperationException>(() => loop.Stopped.WaitAsync(Bound));
        await Assert.ThrowsAsync<InvalidOperationException>(() => loop.InvokeAsync(() => { }));
    }

    [Fact]
    public async Task Post_InputsAndCalls_RunOnTheLoopInOrder()
    {
        var handler = new Handler();
        using var loop = new EventLoop<Input>("test", handler, _ => null, TimeProvider.System, NullLogger.Instance);
        loop.Start();
        for (int k = 0; k < 100; k++) loop.Post(new Input("", k));
        int seen = -1;
        // A call posted after the inputs runs after them: the loop drains calls first each pass,
        // so wait for the inputs, then check from the loop thread.
        while (true)
        {
            await loop.InvokeAsync(() => { lock (handler.Seen) seen = handler.Seen.Count; }).WaitAsync(Bound);
            if (seen == 100) break;
        }
        Assert.Equal(Enumerable.Range(0, 100), handler.Seen.Select(i => i.Value));
        await loop.StopAsync().WaitAsync(Bound);
    }

    [Fact]
    public async Task Watch_ReadableDescriptor_ReadOnTheLoopThread_AndUnwatchStopsIt()
    {
        var handler = new Handler();
        using var loop = new EventLoop<Input>("test", handler, _ => null, TimeProvider.System, NullLogger.Instance);
        using var rx = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        rx.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        rx.Blocking = false;
        using var tx = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        loop.Start();
        int loopThread = -1;
        await loop.InvokeAsync(() => loopThread = Environment.CurrentManagedThreadId).WaitAsync(Bound);
        var read = new TaskCompletionSource<(int Thread, int Bytes)>(TaskCreationOptions.RunContinuationsAsynchronously);
        int fd = (int)rx.Handle;
        loop.Watch(fd, () =>
        {
            var buffer = new byte[64];
            read.TrySetResult((Environment.CurrentManagedThreadId, rx.Receive(buffer)));
        });

        tx.SendTo(new byte[] { 1, 2, 3 }, rx.LocalEndPoint!);

        var (thread, bytes) = await read.Task.WaitAsync(Bound);
        Assert.Equal(loopThread, thread);
        Assert.Equal(3, bytes);
        loop.Unwatch(fd);
        tx.SendTo(new byte[] { 4 }, rx.LocalEndPoint!);
        // The loop keeps running inputs, and the unwatched socket keeps its datagram unread.
        loop.Post(new Input("", 7));
        await loop.InvokeAsync(() => { }).WaitAsync(Bound);
        Assert.True(rx.Poll(TimeSpan.FromSeconds(5), SelectMode.SelectRead));
        Assert.Equal(1, rx.Available);
        await loop.StopAsync().WaitAsync(Bound);
    }

    [Fact]
    public async Task Post_FromAnotherThread_WakesALoopSleepingUntilAFarDeadline()
    {
        // The loop sleeps until its deadline an hour away: only the eventfd wake-up can end that sleep within the bound.
        // (It used to compare the elapsed time with 900 ms, which a loaded machine could miss; and it polled with
        // InvokeAsync, which wakes the loop itself.)
        var handler = new Handler { Deadline = TimeSpan.FromHours(1) };
        using var loop = new EventLoop<Input>("test", handler, _ => null, TimeProvider.System, NullLogger.Instance);
        loop.Start();
        await loop.InvokeAsync(() => { }).WaitAsync(Bound); // started, and going back to sleep
        await Task.Run(() => loop.Post(new Input("", 1)));
        await handler.Handled.Task.WaitAsync(Bound);
        lock (handler.Seen) Assert.Single(handler.Seen);
        await loop.StopAsync().WaitAsync(Bound);
    }

    /// <summary>Completes on the loop's "compacted the heap" line (event 1330).</summary>
    private sealed class CompactionLog : ILogger
    {
        public TaskCompletionSource<string> Compacted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == 1330) Compacted.TrySetResult(formatter(state, exception));
        }
    }

    /// <summary>A handler whose next deadline is always 1 ms away, as 1,000 instances at advert_int 0.1.</summary>
    private sealed class BusyHandler(Func<TimeSpan> now) : ILoopHandler<Input>
    {
        public TimeSpan? NextDeadline => now() + TimeSpan.FromMilliseconds(1);
        public void Start(TimeSpan at) { }
        public void Handle(Input input, TimeSpan at) { }
        public void Tick(TimeSpan at) { }
        public void Stop(TimeSpan at) { }
        public void Abort(TimeSpan at) { }
    }

    [Fact]
    public async Task RequestCompaction_IdleLoop_RunsOneFullCollectionAndLogsIt()
    {
        var log = new CompactionLog();
        var handler = new Handler { Deadline = TimeSpan.FromHours(1) };
        using var loop = new EventLoop<Input>("test", handler, _ => null, TimeProvider.System, log);
        loop.Start();
        await loop.InvokeAsync(() => { }).WaitAsync(Bound);
        int fullBefore = GC.CollectionCount(GC.MaxGeneration);

        await Task.Run(loop.RequestCompaction);

        string line = await log.Compacted.Task.WaitAsync(Bound);
        Assert.StartsWith("test loop compacted the heap in ", line);
        Assert.Contains(" committed ", line);
        Assert.True(GC.CollectionCount(GC.MaxGeneration) > fullBefore);
        await loop.StopAsync().WaitAsync(Bound);
    }

    [Fact]
    public async Task RequestCompaction_LoopNeverIdleFor20ms_CompactsAfterItsPatience()
    {
        var log = new CompactionLog();
        EventLoop<Input>? loop = null;
        var handler = new BusyHandler(() => loop!.Now);
        using (loop = new EventLoop<Input>("busy", handler, _ => null, TimeProvider.System, log))
        {
            loop.Start();
            await loop.InvokeAsync(() => { }).WaitAsync(Bound);
            var asked = loop.Now;
            loop.RequestCompaction();

            await log.Compacted.Task.WaitAsync(Bound);
            Assert.True(loop.Now - asked >= TimeSpan.FromSeconds(1), $"compacted after {loop.Now - asked}, before the 1 s patience");
            await loop.StopAsync().WaitAsync(Bound);
        }
    }
}
