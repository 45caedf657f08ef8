using System.Net.Sockets;
using KeepalivedSharp.Host.Planning;
using KeepalivedSharp.Host.Ports;
using KeepalivedSharp.Linux.Native;
using KeepalivedSharp.Linux.Packet;
using KeepalivedSharp.Wire.Announcements;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Host.Announcements;

/// <summary>
/// Gratuitous ARP and unsolicited NA frames (Wire's builders) sent on packet sockets, one socket
/// per interface, opened on first use. A failure is logged and never stops the loop.
/// </summary>
public sealed class PacketAnnouncer(Func<int, IFrameSender> open, ILogger log) : IAnnouncer
{
    private readonly Dictionary<int, IFrameSender> _senders = [];
    private readonly byte[] _frame = new byte[128];

    public void Announce(InstancePlan plan, System.Net.IPAddress address)
    {
        var target = plan.TargetFor(address);
        // An interface without an Ethernet address (a tun, a GRE tunnel) has no ARP/ND to refresh.
        if (target.Mac is not { Length: 6 }) return;
        try
        {
            if (!_senders.TryGetValue(target.InterfaceIndex, out var sender))
                _senders[target.InterfaceIndex] = sender = open(target.InterfaceIndex);
            int n = address.AddressFamily == AddressFamily.InterNetworkV6
                ? UnsolicitedNeighborAdvertisement.Write(_frame, target.Mac, address, router: false)
                : GratuitousArp.Write(_frame, target.Mac, address);
            sender.Send(_frame.AsSpan(0, n));
        }
        catch (Exception e) when (e is LinuxNativeException or IOException or SocketException or ArgumentException)
        {
            DaemonLog.HostOperationFailed(log, plan.Name, "sending gratuitous ARP/NA", e.Message);
        }
    }

    public void Dispose()
    {
        foreach (var s in _senders.Values) s.Dispose();
        _senders.Clear();
    }
}
