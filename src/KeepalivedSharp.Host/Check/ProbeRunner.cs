using KeepalivedSharp.Core.Check;
using KeepalivedSharp.Host.Ports;
using KeepalivedSharp.Probes;

namespace KeepalivedSharp.Host.Check;

/// <summary>
/// The daemon's probe port: each probe runs as a task on non-blocking sockets (or a process), so a
/// slow or hung backend holds neither the check loop nor other probes, and VRRP has its own loop.
/// The engine keeps at most one probe in flight per checker, and each is bounded by its budget.
/// TCP, HTTP and SSL probes start on the calling (check loop) thread: up to their first await they only
/// open a socket and start a non-blocking connect, and a thread-pool hop per probe cost more than that
/// (bench/check). The others, whose first steps may block (a process, a resolver), start on the pool.
/// With <paramref name="loop"/> (the check loop, whose thread calls Start and CancelAll), TCP_CHECK runs on
/// that loop's epoll and timers altogether (<see cref="LoopTcpCheck"/>).
/// </summary>
public sealed class ProbeRunner(ProbeSet probes, Action<CheckInput> post, Loop.ISocketLoop? loop = null) : IProbeRunner, IDisposable
{
    private CancellationTokenSource _cancel = new();
    private readonly HashSet<LoopTcpCheck> _onLoop = [];
    private readonly byte[] _drain = new byte[512];

    public void Start(ProbeRequest request)
    {
        var token = _cancel.Token;
        if (loop is not null && request.Spec.Checker.Type is CheckerKind.Tcp) StartOnLoop(request);
        else if (request.Spec.Checker.Type is CheckerKind.Tcp or CheckerKind.Http or CheckerKind.Ssl) _ = RunAsync(request, token);
        else _ = Task.Run(() => RunAsync(request, token), CancellationToken.None);
    }

    private void StartOnLoop(ProbeRequest request)
    {
        var check = new LoopTcpCheck(loop!, request, _drain, Finished);
        _onLoop.Add(check);
        try
        {
            check.Start();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            check.Cancel();
            Finished(check, ProbeOutcome.Defect(e));
        }
    }

    private void Finished(LoopTcpCheck check, ProbeOutcome o)
    {
        if (_onLoop.Remove(check)) Post(check.Request, o);
    }

    private void Post(ProbeRequest request, ProbeOutcome o) => post(new ProbeFinished(request.Probe, o.Success, o.ExitStatus, o.Detail, o.Rescheduled));

    private async Task RunAsync(ProbeRequest request, CancellationToken token)
    {
        ProbeOutcome o;
        try
        {
            o = await probes.RunAsync(request, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return; // shutdown or reload: the engine no longer waits for it
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            o = ProbeOutcome.Defect(e);
        }
        Post(request, o);
    }

    public void CancelAll()
    {
        var old = Interlocked.Exchange(ref _cancel, new CancellationTokenSource());
        old.Cancel();
        old.Dispose();
        foreach (var check in _onLoop) check.Cancel();
        _onLoop.Clear();
    }

    public void Dispose() => _cancel.Dispose();
}
