namespace KeepalivedSharp.Host.Ports;

/// <summary>Where the engine's notify requests go: scripts, notify_fifo and SMTP in the daemon, a record in the simulator.</summary>
public interface INotificationSink
{
    void Notify(Core.Vrrp.RunNotify request);

    /// <summary>An event that is not a state change (a lower priority advert heard as MASTER, a priority change).</summary>
    void Notify(Core.Vrrp.InstanceEvent notifyEvent);
}
