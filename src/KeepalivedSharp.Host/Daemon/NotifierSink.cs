using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Host.Ports;
using KeepalivedSharp.Notify.Notifications;

namespace KeepalivedSharp.Host.Daemon;

/// <summary>The notification port over the daemon's notifier (scripts, notify_fifo, SMTP); swapped on reload.</summary>
internal sealed class NotifierSink(Notifier notifier) : INotificationSink
{
    public Notifier Notifier { get; set; } = notifier;

    /// <summary>During a reload, the old config's notifier: an instance the reload removes is notified with its old scripts.</summary>
    public Notifier? Removing { get; set; }

    public void Notify(RunNotify request)
        => (request.Scope == NotifyScope.Removed && Removing is { } old ? old : Notifier).Notify(request);

    public void Notify(InstanceEvent notifyEvent) => Notifier.Notify(notifyEvent);
}
