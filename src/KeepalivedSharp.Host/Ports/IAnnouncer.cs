using KeepalivedSharp.Host.Planning;

namespace KeepalivedSharp.Host.Ports;

/// <summary>Gratuitous ARP for each IPv4 and unsolicited NA for each IPv6 address of an instance: one round.</summary>
public interface IAnnouncer : IDisposable
{
    void Announce(InstancePlan plan);
}
