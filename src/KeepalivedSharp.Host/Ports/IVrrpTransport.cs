using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Host.Planning;
using KeepalivedSharp.Host.Vrrp;

namespace KeepalivedSharp.Host.Ports;

/// <summary>
/// Adverts in and out. Behind it: the codec, the mapping to the engine's advertisement, multicast
/// classification and the wire counters. The daemon's sockets and the simulator's wire implement
/// the datagram side; this port is what the host adapter sees.
/// </summary>
public interface IVrrpTransport : IDisposable
{
    /// <summary>Opens what <paramref name="plans"/> need (reload: sockets of kept plans stay); returns the sockets no plan uses any more.</summary>
    IReadOnlyList<SocketKey> Open(IEnumerable<InstancePlan> plans);

    /// <summary>Closes sockets no longer used (after the engine has been reconfigured).</summary>
    void Close(IEnumerable<SocketKey> keys);

    /// <summary>Encodes and sends one advert to the group or to every unicast peer.</summary>
    void Send(SocketKey key, SendAdvert send);

    /// <summary>Starts delivering good adverts (from the transport's own threads, or synchronously in the simulator).</summary>
    void StartReceiving(Action<ReceivedAdvert> deliver);

    /// <summary>Structural rejects and their attribution to instances.</summary>
    WireCounters Counters { get; }
}
