using System.Net;
using KeepalivedSharp.Core.Vrrp;
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
        var t = new VrrpTransport([plan], k => new RecordingSocket(k), NullLogger.Instance, new LogRateLimiter(new FakeTimeProvider()), receiveThreads: false);
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
        Assert.True(rx.Multicast);
        Assert.Equal(0, t.Counters.AddTo("VI_1", new InstanceCounters()).TtlErrors);
        Assert.Equal(1, t.SocketCounters.Single().Errors[VrrpParseError.BadTtl]);
    }
}
