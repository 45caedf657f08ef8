using KeepalivedSharp.Host.Planning;
using KeepalivedSharp.Host.Ports;
using KeepalivedSharp.Notify.Notifications;

namespace KeepalivedSharp.Simulation.Cluster;

public sealed partial class ClusterSimulator
{
    /// <summary>The announcer port: one recorded gratuitous ARP or NA per address, at the virtual time it is sent.</summary>
    private sealed class Announcer(ClusterSimulator sim, SimNode node) : IAnnouncer
    {
        public void Announce(InstancePlan plan, System.Net.IPAddress address)
            => sim._events.Add(new SimulatedAnnouncement(sim.Now, node.Name, plan.Name, address));

        public void Dispose()
        {
        }
    }

    /// <summary>The notification port: the argument vectors the daemon's notifier would run, recorded instead of run.</summary>
    private sealed class Notifications(ClusterSimulator sim, SimNode node, NotifierSettings settings) : INotificationSink
    {
        public void Notify(Core.Vrrp.RunNotify request)
        {
            foreach (var argv in Notifier.ArgumentVectors(settings, request)) sim._events.Add(new SimulatedNotify(sim.Now, node.Name, request.Name, argv));
        }
    }
}
