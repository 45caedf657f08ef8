using KeepalivedSharp.Host.Planning;
using KeepalivedSharp.Host.Ports;
using KeepalivedSharp.Host.Vrrp;
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

        public void Notify(Core.Vrrp.InstanceEvent notifyEvent)
        {
            foreach (var argv in Notifier.ArgumentVectors(settings, notifyEvent)) sim._events.Add(new SimulatedNotify(sim.Now, node.Name, notifyEvent.Instance, argv));
        }
    }

    /// <summary>
    /// The script port: a run ends after <see cref="SimNode.ScriptDuration"/> of virtual time with the
    /// outcome the scenario set (default success); a script marked hung runs until the engine kills it.
    /// </summary>
    private sealed class Scripts(ClusterSimulator sim, SimNode node) : IScriptRunner
    {
        private readonly HashSet<long> _running = [];

        public void Run(string script, long run)
        {
            _running.Add(run);
            if (node.HungScripts.Contains(script)) return;
            bool ok = !node.ScriptOutcomes.TryGetValue(script, out var o) || o;
            Finish(script, run, ok, node.ScriptDuration);
        }

        public void Kill(string script, long run, TimeSpan timeout) => Finish(script, run, false, TimeSpan.Zero);

        public void Skipped(string script, bool timingOut)
        {
        }

        private void Finish(string script, long run, bool ok, TimeSpan after)
        {
            int incarnation = node.Incarnation;
            sim.At(sim.Now + after, () =>
            {
                if (node.Incarnation != incarnation || !_running.Remove(run)) return;
                sim.Run(node, h => h.Handle(new ScriptInput(script, ok, run), sim.Now));
            });
        }
    }
}
