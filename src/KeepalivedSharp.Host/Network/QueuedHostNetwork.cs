using System.Collections.Concurrent;
using KeepalivedSharp.Host.Planning;
using KeepalivedSharp.Host.Ports;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Host.Network;

/// <summary>
/// Runs host network moves on a worker thread, in the order asked, so that a slow kernel (a
/// netlink ACK that takes its time) never delays an advert: the event loop only enqueues.
/// Each netlink request has its own deadline (<see cref="Linux.RtNetlink.RtNetlinkClient"/>), so
/// the queue drains whatever the kernel does.
/// </summary>
public sealed class QueuedHostNetwork : IHostNetwork, IDisposable
{
    private sealed record Work(string Owner, HostObjects From, HostObjects To, ManualResetEventSlim? Done = null);

    private readonly IHostNetwork _inner;
    private readonly ILogger _log;
    private readonly BlockingCollection<Work> _queue = new(new ConcurrentQueue<Work>());
    private readonly Thread _worker;
    private int _pending;

    public QueuedHostNetwork(IHostNetwork inner, ILogger log)
    {
        _inner = inner;
        _log = log;
        _worker = new Thread(Run) { Name = "host-network", IsBackground = true };
        _worker.Start();
    }

    /// <summary>Moves asked for and not yet done.</summary>
    public int Pending => Volatile.Read(ref _pending);

    public void Move(string owner, HostObjects from, HostObjects to) => Enqueue(new Work(owner, from, to));

    /// <summary>Waits until every move asked for so far is done (stop, reload, tests); false on timeout.</summary>
    public bool Drain(TimeSpan timeout)
    {
        using var done = new ManualResetEventSlim();
        Enqueue(new Work("", HostObjects.Empty, HostObjects.Empty, done));
        return done.Wait(timeout);
    }

    private void Enqueue(Work work)
    {
        // Only a kernel that stopped answering lets this grow; each request has its own deadline.
        if (Interlocked.Increment(ref _pending) == StalledThreshold) DaemonLog.NetworkStalled(_log, work.Owner, StalledThreshold);
        _queue.Add(work);
    }

    private const int StalledThreshold = 1000;

    private void Run()
    {
        foreach (var work in _queue.GetConsumingEnumerable())
        {
            try
            {
                if (work.Done is { } done) done.Set();
                else _inner.Move(work.Owner, work.From, work.To);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                DaemonLog.HostOperationFailed(_log, work.Owner, "host network move", e.Message);
            }
            finally
            {
                Interlocked.Decrement(ref _pending);
            }
        }
    }

    public void Dispose()
    {
        _queue.CompleteAdding();
        _worker.Join(TimeSpan.FromSeconds(5));
        _queue.Dispose();
    }
}
