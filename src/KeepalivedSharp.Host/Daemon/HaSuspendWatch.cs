using KeepalivedSharp.Host.Check;
using KeepalivedSharp.Linux.RtNetlink;
using KeepalivedSharp.Settings;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Host.Daemon;

/// <summary>
/// ha_suspend: the checker's own netlink reflector (keepalived_netlink.c, checker process). It watches
/// the host's addresses on its own thread and posts each virtual server's presence change to the
/// check loop. Opened only when a virtual server uses ha_suspend (keepalived's using_ha_suspend).
/// </summary>
internal sealed class HaSuspendWatch : IDisposable
{
    private readonly LinkMonitor _monitor;
    private readonly RtNetlinkClient _netlink;
    private readonly Action<VipPresent> _post;
    private readonly ILogger _log;
    private readonly Thread _thread;
    private HaSuspendAddresses _book;
    private volatile HaSuspendAddresses? _next;
    private volatile bool _stopping;

    private HaSuspendWatch(HaSuspendAddresses book, Action<VipPresent> post, ILogger log)
    {
        _book = book;
        _post = post;
        _log = log;
        // Subscribed before the first dump: a change in between arrives as an event after it (repeats are no-ops).
        _monitor = LinkMonitor.Open();
        _netlink = new RtNetlinkClient();
        _thread = new Thread(Loop) { IsBackground = true, Name = "ha_suspend netlink" };
    }

    /// <summary>The watch, or null when no virtual server uses ha_suspend.</summary>
    public static HaSuspendWatch? Open(CheckSetup setup, Action<VipPresent> post, ILogger log)
    {
        var book = new HaSuspendAddresses(setup);
        return book.VirtualServers.Count == 0 ? null : new HaSuspendWatch(book, post, log);
    }

    /// <summary>Before the loop starts: every ha_suspend server's presence now, for the start lines.</summary>
    public List<VipPresent> Initial() => _book.Reset(Dump());

    public void Start() => _thread.Start();

    /// <summary>After a reload: the new servers' addresses are read again and every presence posted.</summary>
    public void Use(CheckSetup setup) => _next = new HaSuspendAddresses(setup);

    private IEnumerable<(System.Net.IPAddress, int)> Dump() =>
        _netlink.List(family: null).Select(a => (a.Address, a.InterfaceIndex));

    private void Loop()
    {
        var changes = new List<VipPresent>();
        LinkMonitor.Run(_monitor, () => _stopping, events =>
        {
            changes.Clear();
            if (_next is { } next)
            {
                _next = null;
                _book = next;
                changes.AddRange(_book.Reset(Dump()));
            }
            foreach (var e in events)
            {
                switch (e)
                {
                    case AddressEvent a when _book.Watches(a.Address.Address):
                        CheckLog.AddressChange(_log, a.Address.Address, a.Removed ? "removed" : "added");
                        _book.Apply(a.Address.Address, a.Address.InterfaceIndex, a.Removed, changes);
                        break;
                    case ResyncNeeded:
                        changes.AddRange(_book.Reset(Dump()));
                        break;
                }
            }
            foreach (var p in changes) _post(p);
        }, ex => DaemonLog.ReceiveFailed(_log, "netlink", ex.Message));
    }

    public void Dispose()
    {
        _stopping = true;
        if (_thread.IsAlive) _thread.Join(TimeSpan.FromSeconds(2));
        _monitor.Dispose();
        _netlink.Dispose();
    }
}
