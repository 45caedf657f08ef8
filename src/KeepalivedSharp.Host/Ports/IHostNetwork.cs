using KeepalivedSharp.Host.Planning;

namespace KeepalivedSharp.Host.Ports;

/// <summary>Addresses, routes and rules on the host (rtnetlink in the daemon, a table in the simulator).</summary>
public interface IHostNetwork
{
    /// <summary>
    /// Takes what <paramref name="owner"/> (an instance, or "static") has on the host from
    /// <paramref name="from"/> to <paramref name="to"/>, in keepalived's order. May complete later
    /// (the daemon queues it off the advert path), but moves run in the order asked.
    /// </summary>
    void Move(string owner, HostObjects from, HostObjects to);
}
