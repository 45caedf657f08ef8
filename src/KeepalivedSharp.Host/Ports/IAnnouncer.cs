using KeepalivedSharp.Host.Planning;

namespace KeepalivedSharp.Host.Ports;

/// <summary>One gratuitous ARP (IPv4) or unsolicited NA (IPv6) for one of an instance's addresses; the engine times them.</summary>
public interface IAnnouncer : IDisposable
{
    void Announce(InstancePlan plan, System.Net.IPAddress address);
}
