using System.Collections.Immutable;
using KeepalivedSharp.Host.Planning;
using KeepalivedSharp.Host.Ports;

namespace KeepalivedSharp.Host.Vrrp;

/// <summary>
/// The one way new plans take effect, for a reload (SIGHUP) and for a re-bind to a re-created
/// interface: the sockets the plans need are opened first (a kept plan keeps its socket and its
/// multicast membership), the host moves to the plans on the loop, together with whatever else the
/// caller changes there, then the sockets no plan uses are closed, off the loop (closing one joins
/// its receive thread).
/// </summary>
/// <param name="onLoop">Runs its work on the loop thread with the loop's time, and completes when done.</param>
public sealed class PlanApplier(IVrrpTransport transport, VrrpHost host, Func<Action<TimeSpan>, Task> onLoop)
{
    public async Task ApplyAsync(ImmutableArray<InstancePlan> plans, HostObjects statics, Action<TimeSpan>? alsoOnLoop = null)
    {
        var unused = transport.Open(plans);
        await onLoop(now =>
        {
            host.ApplyStatic(statics);
            host.Replan(plans, now);
            alsoOnLoop?.Invoke(now);
        }).ConfigureAwait(false);
        transport.Close(unused);
    }
}
