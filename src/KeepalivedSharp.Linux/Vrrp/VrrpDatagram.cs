using System.Net;

namespace KeepalivedSharp.Linux.Vrrp;

/// <summary>
/// One datagram read from a VRRP socket. The bytes live in the caller's buffer
/// (<c>buffer[..Length]</c>): for IPv4 they start with the IP header (the kernel hands raw sockets the
/// whole datagram), for IPv6 they are the VRRP message alone.
/// </summary>
/// <param name="Length">Bytes written to the caller's buffer.</param>
/// <param name="Truncated">The datagram was larger than the buffer (MSG_TRUNC); the tail is lost.</param>
/// <param name="Source">Sender address (from the kernel's sockaddr, not from the payload).</param>
/// <param name="Destination">Destination address of the IP packet (IP_PKTINFO / IPV6_PKTINFO), or null if the kernel gave none.</param>
/// <param name="InterfaceIndex">Interface the packet arrived on (pktinfo), 0 if unknown.</param>
/// <param name="TtlOrHopLimit">IPv4 TTL from the header, or the IPv6 hop limit (IPV6_HOPLIMIT); null when missing.</param>
/// <param name="Timestamp">Monotonic receive time, <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> units, taken right after recvmsg.</param>
public readonly record struct VrrpDatagram(
    int Length,
    bool Truncated,
    IPAddress Source,
    IPAddress? Destination,
    int InterfaceIndex,
    int? TtlOrHopLimit,
    long Timestamp);
