using KeepalivedSharp.Host.Ports;
using KeepalivedSharp.Probes;

namespace KeepalivedSharp.Host.Check;

/// <summary>
/// The daemon's probe port: each probe runs as a task on non-blocking sockets (or a process), so a
/// slow or hung backend holds neither the check loop nor other probes, and VRRP has its own loop.
/// The engine keeps at most one probe in flight per checker, and each is bounded by its budget.
/// </summary>
public sealed class ProbeRunner(ProbeSet probes, Action<CheckInput> post) : IProbeRunner, IDisposable
{
    private CancellationTokenSource _cancel = new();

    public void Start(ProbeRequest request)
    {
        var token = _cancel.Token;
        _ = Task.Run(async () =>
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
                // A probe's own defect is that checker's failure, with its reason, never the loop's.
                o = ProbeOutcome.Failed($"probe error: {e.GetType().Name}: {e.Message}");
            }
            post(new ProbeFinished(request.Probe, o.Success, o.ExitStatus, o.Detail, o.Rescheduled));
        }, CancellationToken.None);
    }

    public void CancelAll()
    {
        var old = Interlocked.Exchange(ref _cancel, new CancellationTokenSource());
        old.Cancel();
        old.Dispose();
    }

    public void Dispose() => _cancel.Dispose();
}
