using System.Net;
using System.Net.Sockets;

namespace KeepalivedSharp.Linux.Vrrp;

/// <summary>
/// Sends and receives VRRP (IP protocol 112) on one interface for one address family.
/// Threading: <see cref="TryReceive"/> blocks up to its timeout (0: not at all, for a caller that
/// waits on <see cref="ReceiveDescriptor"/> with epoll); <see cref="Send"/> may be called from any
/// thread, also while a receive is in progress.
/// </summary>
public interface IVrrpSocket : IDisposable
{
    AddressFamily Family { get; }

    int InterfaceIndex { get; }

    /// <summary>The descriptor to wait on for input (epoll), or -1 when there is none (an in-memory socket).</summary>
    int ReceiveDescriptor => -1;

    /// <summary>
    /// Sends one VRRP message (no IP header: the kernel writes it with TTL / hop limit 255, or
    /// <paramref name="hopLimit"/> when given (unicast_ttl), TOS 0xc0 and the configured source) to the group or to a unicast peer.
    /// </summary>
    void Send(ReadOnlySpan<byte> vrrpMessage, IPAddress destination, int? hopLimit = null);

    /// <summary>
    /// Waits up to <paramref name="timeoutMilliseconds"/> (-1 = forever, 0 = only what is already there) for one datagram and copies it
    /// into <paramref name="buffer"/>. Returns false on timeout. Allocates at most the two addresses, and
    /// reuses them while the peer stays the same.
    /// </summary>
    bool TryReceive(Span<byte> buffer, int timeoutMilliseconds, out VrrpDatagram datagram);
}
