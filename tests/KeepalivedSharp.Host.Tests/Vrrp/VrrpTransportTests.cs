using System.Net;
using System.Net.Sockets;
using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Host.Loop;
using KeepalivedSharp.Host.Planning;
using KeepalivedSharp.Host.Vrrp;
using KeepalivedSharp.Linux.Vrrp;
using KeepalivedSharp.Notify.Logging;
using KeepalivedSharp.Wire.Ip;
using KeepalivedSharp.Wire.Vrrp;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KeepalivedSharp.Host.Tests.Vrrp;

/// <summary>What the transport does with each datagram: keepalived's per-instance accounting of wire errors.</summary>
public sealed class VrrpTransportTests
{
    private static readonly IPAddress Peer = IPAddress.Parse("10.0.0.2");

    private static byte[] Datagram(byte vrid, byte ttl)
    {
        var message = new byte[64];
        int n = VrrpWriter.WriteMessage(message, VrrpPacket.CreateV2(vrid, 90, 1, [Plans.Vip], VrrpAuthType.None, VrrpAuthData.Empty), Peer, VrrpSocketOptions.GroupV4);
        var d = new byte[20 + n];
        Ipv4Header.Write(d, Peer, VrrpSocketOptions.GroupV4, IpProtocol.Vrrp, n, ttl);
        message.AsSpan(0, n).CopyTo(d.AsSpan(20));
        return d;
    }

    private static (VrrpTransport Transport, List<ReceivedAdvert> Delivered) Transport()
    {
        var plan = Plans.Plan();
        var t = new VrrpTransport([plan], k => new RecordingSocket(k), NullLogger.Instance, new LogRateLimiter(new FakeTimeProvider()));
        var delivered = new List<ReceivedAdvert>();
        t.StartReceiving(delivered.Add);
        return (t, delivered);
    }

    [Fact]
    public void Accept_TenAdvertsWithTtl64ForConfiguredVrid_CountedAsTtlErrorsAndReceivedForThatInstance()
    {
        var (t, delivered) = Transport();
        var key = Plans.Plan().Socket;
        var bytes = Datagram(51, 64);
        for (int k = 0; k < 10; k++) Assert.False(t.Accept(key, bytes, new VrrpDatagram(bytes.Length, false, Peer, VrrpSocketOptions.GroupV4, 2, 64, 0)));

        var c = t.Counters.AddTo("VI_1", new InstanceCounters());
        Assert.Empty(delivered);
        Assert.Equal(10, c.TtlErrors);
        Assert.Equal(10, c.AdvertReceived);
        Assert.Equal(0, c.PacketLengthErrors);
    }

    [Fact]
    public void Accept_GoodAdvert_Delivered_UnknownVridError_NotCountedAgainstAnyInstance()
    {
        var (t, delivered) = Transport();
        var key = Plans.Plan().Socket;
        var good = Datagram(51, 255);
        Assert.True(t.Accept(key, good, new VrrpDatagram(good.Length, false, Peer, VrrpSocketOptions.GroupV4, 2, 255, 0)));
        var other = Datagram(99, 64);
        Assert.False(t.Accept(key, other, new VrrpDatagram(other.Length, false, Peer, VrrpSocketOptions.GroupV4, 2, 64, 0)));

        var rx = Assert.Single(delivered);
        Assert.Equal((byte)51, rx.Advert.VirtualRouterId);
        Assert.Equal(255, rx.Ttl);
        Assert.True(rx.Multicast);
        Assert.Equal(0, t.Counters.AddTo("VI_1", new InstanceCounters()).TtlErrors);
        Assert.Equal(1, t.SocketCounters.Single().Errors[VrrpParseError.BadTtl]);
    }

    [Fact]
    public void Send_UnicastTtl_GivenToTheSocketForEachPeer_MulticastKeepsTheSocketDefault()
    {
        RecordingSocket? socket = null;
        var plan = Plans.Plan();
        using var t = new VrrpTransport([plan], k => socket = new RecordingSocket(k), NullLogger.Instance, new LogRateLimiter(new FakeTimeProvider()));
        var advert = new Advertisement { Version = 2, VirtualRouterId = 51, Priority = 100, Interval = TimeSpan.FromSeconds(1), Addresses = [Plans.Vip] };
        IPAddress[] peers = [Peer, IPAddress.Parse("10.0.0.3")];
        t.Send(plan.Socket, new SendAdvert("VI_1", "eth0", Plans.Source, [.. peers], advert) { UnicastTtl = 10 });
        t.Send(plan.Socket, new SendAdvert("VI_1", "eth0", Plans.Source, [], advert) { UnicastTtl = 10 });
        Assert.Equal(peers.Append(VrrpSocketOptions.GroupV4), socket!.Sent.Select(s => s.To));
        Assert.Equal([10, 10, null], socket.HopLimits);
    }

    private sealed class CapturingReadiness : IReadiness
    {
        public Dictionary<int, Action> Watched { get; } = [];

        public void Watch(int fd, Action readable) => Watched.Add(fd, readable);

        public void Unwatch(int fd) => Watched.Remove(fd);
    }

    private sealed class QueuedSocket(SocketKey key) : IVrrpSocket
    {
        public Queue<byte[]> Waiting { get; } = new();
        public AddressFamily Family => key.Family;
        public int InterfaceIndex => key.InterfaceIndex;
        public int ReceiveDescriptor => 42;

        public void Send(ReadOnlySpan<byte> vrrpMessage, IPAddress destination, int? hopLimit = null)
        {
        }

        public bool TryReceive(Span<byte> buffer, int timeoutMilliseconds, out VrrpDatagram datagram)
        {
            Assert.Equal(0, timeoutMilliseconds); // the loop has waited; the transport never blocks it
            datagram = default;
            if (!Waiting.TryDequeue(out var d)) return false;
            d.CopyTo(buffer);
            datagram = new VrrpDatagram(d.Length, false, Peer, VrrpSocketOptions.GroupV4, 2, 255, 0);
            return true;
        }

        public void Dispose()
        {
        }
    }

    [Fact]
    public void Readable_FloodWaiting_ReadsAtMostOneBurstPerWakeUp_ThenTheRest_AndUnwatchesOnDispose()
    {
        var plan = Plans.Plan();
        var socket = new QueuedSocket(plan.Socket);
        var readiness = new CapturingReadiness();
        var t = new VrrpTransport([plan], _ => socket, NullLogger.Instance, new LogRateLimiter(new FakeTimeProvider()), readiness);
        var delivered = new List<ReceivedAdvert>();
        Assert.Empty(readiness.Watched); // nothing is read before StartReceiving
        t.StartReceiving(delivered.Add);
        for (int k = 0; k < 40; k++) socket.Waiting.Enqueue(Datagram(51, 255));

        var readable = Assert.Single(readiness.Watched);
        Assert.Equal(42, readable.Key);
        readable.Value();
        Assert.Equal(VrrpTransport.BurstPerSocket, delivered.Count);
        readable.Value();
        Assert.Equal(40, delivered.Count);

        t.Dispose();
        Assert.Empty(readiness.Watched);
    }
}
