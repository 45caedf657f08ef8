using System.Net;
using System.Net.Sockets;
using KeepalivedSharp.Host.Planning;
using KeepalivedSharp.Linux.Vrrp;

namespace KeepalivedSharp.Simulation.Cluster;

/// <summary>
/// A simulated VRRP socket: what the daemon's transport writes goes onto the simulated segment as
/// bytes, and what arrives is pushed through the transport's real parser by the simulator.
/// </summary>
/// <remarks>One segment, no routers: a datagram arrives with the TTL it was sent with.</remarks>
internal sealed class SimSocket(SocketKey key, Action<SocketKey, byte[], IPAddress, int> transmit) : IVrrpSocket
{
    public AddressFamily Family => key.Family;

    public int InterfaceIndex => key.InterfaceIndex;

    public void Send(ReadOnlySpan<byte> vrrpMessage, IPAddress destination, int? hopLimit = null)
        => transmit(key, vrrpMessage.ToArray(), destination, hopLimit ?? VrrpSocket.HopLimit);

    public bool TryReceive(Span<byte> buffer, int timeoutMilliseconds, out VrrpDatagram datagram)
        => throw new NotSupportedException("the simulator pushes datagrams through the transport");

    public void Dispose()
    {
    }
}
