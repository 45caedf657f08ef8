namespace KeepalivedSharp.Linux.Processes;

/// <summary>A started script: its pid (= process group id) and the task that completes when it has been reaped.</summary>
public sealed class RunningProcess
{
    private readonly TaskCompletionSource<ProcessOutcome> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private readonly int _stopFd;
    private bool _finished;

    internal RunningProcess(int pid, int stopFd)
    {
        Pid = pid;
        _stopFd = stopFd;
    }

    /// <summary>The child's pid; it leads process group <see cref="Pid"/>.</summary>
    public int Pid { get; }

    /// <summary>
    /// Completes once the child has been reaped; continuations run off the watcher thread. Faults only if the kernel
    /// refuses poll(2) on the watcher thread.
    /// </summary>
    public Task<ProcessOutcome> Completion => _done.Task;

    /// <summary>SIGTERM to the group now, SIGKILL after the grace period; the outcome says <c>Stopped</c>. Idempotent.</summary>
    public unsafe void Stop()
    {
        lock (_gate)
        {
            if (_finished) return;
            ulong one = 1;
            _ = ProcessInterop.Write(_stopFd, (byte*)&one, 8);
        }
    }

    /// <summary>Called by the watcher before it closes the stop descriptor, so <see cref="Stop"/> never writes to a closed fd.</summary>
    internal void MarkFinished()
    {
        lock (_gate) _finished = true;
    }

    internal void Run(Func<ProcessOutcome> watch)
    {
        try
        {
            _done.TrySetResult(watch());
        }
#pragma warning disable CA1031 // the watcher thread must hand every failure to the awaiting caller
        catch (Exception e)
#pragma warning restore CA1031
        {
            _done.TrySetException(e);
        }
    }
}
