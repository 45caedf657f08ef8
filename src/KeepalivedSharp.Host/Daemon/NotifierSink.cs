using KeepalivedSharp.Host.Ports;
using KeepalivedSharp.Notify.Notifications;

namespace KeepalivedSharp.Host.Daemon;

/// <summary>The notification port over the daemon's notifier (scripts, notify_fifo, SMTP); swapped on reload.</summary>
internal sealed class NotifierSink(Notifier notifier) : INotificationSink
{
    public Notifier Notifier { get; set; } = notifier;

    public void Notify(Core.Vrrp.RunNotify request) => Notifier.Notify(request);
}
